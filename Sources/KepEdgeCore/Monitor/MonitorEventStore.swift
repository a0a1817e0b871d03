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
            if !sources.isEmpty, !sources.contains(event.source) { return false }
            let needle = text.trimmingCharacters(in: .whitespaces)
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
        (0..<count).compactMap { slots[(next - count + $0 + capacity) % capacity] }
    }

    /// What the pane shows, oldest first: held events that match the filter and, when paused, arrived before the pause.
    public var visible: [MonitorEvent] {
        let held = all
        var result = held
        if let pausedAt {
            // The last `newWhilePaused` held events arrived after the pause.
            let hidden = min(held.count, totalAppended - pausedAt)
            result = Array(held.dropLast(hidden))
        }
        return result.filter(filter.matches)
    }
}
