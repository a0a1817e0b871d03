/// The bounded store behind the message pane: the most recent `capacity` events in a fixed ring, so memory
/// stays flat however long the monitor runs.
///
/// Pausing freezes what the pane shows, not what is stored: events keep arriving (and the oldest keep being
/// dropped), and `newWhilePaused` counts them until the pane resumes.
public struct MonitorEventStore: Equatable, Sendable {
    /// What the pane shows: a text (case-insensitive, in the text, device or classification) and sources.
    public struct Filter: Equatable, Sendable {
        public var text: String
        /// Empty means every source.
        public var sources: Set<MonitorEvent.Source>

        public init(text: String = "", sources: Set<MonitorEvent.Source> = []) {
            self.text = text
            self.sources = sources
        }

        public func matches(_ event: MonitorEvent) -> Bool {
            matches(event, needle: needle)
        }

        /// True when every event matches: no source chosen and no text.
        public var isEmpty: Bool { sources.isEmpty && needle.isEmpty }

        /// The text looked for, trimmed once per pass over the store rather than once per event.
        var needle: String { text.trimmingCharacters(in: .whitespaces) }

        func matches(_ event: MonitorEvent, needle: String) -> Bool {
            if !sources.isEmpty, !sources.contains(event.source) { return false }
            if needle.isEmpty { return true }
            return event.text.localizedCaseInsensitiveContains(needle)
                || (event.deviceID?.localizedCaseInsensitiveContains(needle) ?? false)
                || (event.classification?.rawValue.localizedCaseInsensitiveContains(needle) ?? false)
        }
    }

    public let capacity: Int
    /// Fixed-size slots; `nil` until first written.
    private var slots: [MonitorEvent?]
    /// The slot the next event goes into.
    private var next = 0
    public private(set) var count = 0
    /// Events pushed out of the ring by newer ones since the last `clear()`.
    public private(set) var dropped = 0
    /// Every event ever appended (never reset), used to freeze the view while paused.
    public private(set) var totalAppended = 0
    /// The `totalAppended` value when the pane was paused; nil when live.
    private var pausedAt: Int?
    public var filter = Filter()

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        self.slots = Array(repeating: nil, count: self.capacity)
    }

    public var isPaused: Bool { pausedAt != nil }

    /// Events that arrived since `pause()`.
    public var newWhilePaused: Int { pausedAt.map { totalAppended - $0 } ?? 0 }

    public mutating func append(_ event: MonitorEvent) {
        if count == capacity { dropped += 1 } else { count += 1 }
        slots[next] = event
        next = (next + 1) % capacity
        totalAppended += 1
    }

    public mutating func pause() {
        if pausedAt == nil { pausedAt = totalAppended }
    }

    public mutating func resume() {
        pausedAt = nil
    }

    /// Empties the ring and the dropped count; stays paused or live as it was (a paused view becomes empty).
    public mutating func clear() {
        slots = Array(repeating: nil, count: capacity)
        next = 0
        count = 0
        dropped = 0
        if pausedAt != nil { pausedAt = totalAppended }
    }

    /// Everything held, oldest first.
    public var all: [MonitorEvent] {
        held(upTo: count)
    }

    /// The oldest `limit` held events, oldest first (all of them when `limit` is `count`).
    private func held(upTo limit: Int) -> [MonitorEvent] {
        var result: [MonitorEvent] = []
        result.reserveCapacity(limit)
        for offset in 0..<limit {
            if let event = event(atOffset: offset) { result.append(event) }
        }
        return result
    }

    /// What the pane shows, oldest first: held events that match the filter and, when paused, arrived before the pause.
    public var visible: [MonitorEvent] {
        let shown = held(upTo: count - hiddenWhilePaused)
        if filter.isEmpty { return shown }
        let needle = filter.needle
        return shown.filter { filter.matches($0, needle: needle) }
    }

    /// How many events `visible` holds, without copying them.
    public var visibleCount: Int {
        let shown = count - hiddenWhilePaused
        if filter.isEmpty { return shown }
        let needle = filter.needle
        var matching = 0
        for offset in 0..<shown {
            if let event = event(atOffset: offset), filter.matches(event, needle: needle) { matching += 1 }
        }
        return matching
    }

    /// The newest `limit` events of `visible`, oldest first. A pane shows a screenful: walking back from the
    /// newest and stopping there copies a few dozen events per frame instead of the whole ring.
    public func newestVisible(_ limit: Int) -> [MonitorEvent] {
        var newestFirst: [MonitorEvent] = []
        newestFirst.reserveCapacity(max(0, min(limit, count)))
        let needle = filter.needle
        var offset = count - hiddenWhilePaused - 1
        while offset >= 0, newestFirst.count < limit {
            if let event = event(atOffset: offset), filter.isEmpty || filter.matches(event, needle: needle) { newestFirst.append(event) }
            offset -= 1
        }
        return newestFirst.reversed()
    }

    /// The last `newWhilePaused` held events arrived after the pause.
    private var hiddenWhilePaused: Int {
        pausedAt.map { min(count, totalAppended - $0) } ?? 0
    }

    /// The held event `offset` places after the oldest (0 ..< count); slots are nil only before first written.
    private func event(atOffset offset: Int) -> MonitorEvent? {
        slots[(next - count + capacity + offset) % capacity]
    }
}
