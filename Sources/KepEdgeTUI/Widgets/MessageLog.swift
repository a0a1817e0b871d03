/// The message pane's model: events keep arriving while the pane is paused (they are counted, not
/// shown, until it resumes), the view can be scrolled back and filtered, and old events beyond
/// `capacity` are dropped so a chatty broker cannot grow memory without bound.
public struct MessageLog: Hashable, Sendable {
    public private(set) var messages: [PaneMessage] = []
    /// How many messages were shown when the pane was paused; nil while live.
    public private(set) var pausedAtCount: Int?
    /// Lines scrolled back from the newest (0: following the newest).
    public private(set) var scrollOffset = 0
    public var filter: String?
    public let capacity: Int

    public init(capacity: Int = 2000) {
        self.capacity = max(1, capacity)
    }

    public var isPaused: Bool { pausedAtCount != nil }

    /// Adds an event; while paused it is kept and counted but the view does not move.
    public mutating func append(_ message: PaneMessage) {
        messages.append(message)
        if messages.count > capacity {
            let dropped = messages.count - capacity
            messages.removeFirst(dropped)
            if let paused = pausedAtCount { pausedAtCount = max(0, paused - dropped) }
        }
        // A reader scrolled back keeps reading the same lines.
        if scrollOffset > 0 && !isPaused { scrollOffset += 1 }
    }

    public mutating func togglePause() {
        pausedAtCount = isPaused ? nil : messages.count
    }

    public mutating func scrollBack(by lines: Int) { scrollOffset = max(0, scrollOffset + lines) }
    public mutating func scrollForward(by lines: Int) { scrollOffset = max(0, scrollOffset - lines) }

    /// Empties the pane (and ends a pause: there is nothing left to hold).
    public mutating func clear() {
        messages.removeAll()
        pausedAtCount = nil
        scrollOffset = 0
    }

    /// What the pane shows now.
    public var view: MessagePaneView {
        let shown = pausedAtCount.map { Array(messages.prefix($0)) } ?? messages
        return MessagePaneView(messages: shown, scrollOffset: scrollOffset, isPaused: isPaused,
                               newWhilePaused: messages.count - shown.count, filter: filter)
    }
}
