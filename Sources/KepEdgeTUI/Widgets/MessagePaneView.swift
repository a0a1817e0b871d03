/// How serious a message is; the level column spells it, so it reads without colour.
public enum MessageLevel: String, Hashable, Sendable, CaseIterable {
    case debug, info, warning, error

    var label: String {
        switch self {
        case .debug: return "DEBUG"
        case .info: return "INFO"
        case .warning: return "WARN"
        case .error: return "ERROR"
        }
    }

    var style: CellStyle {
        switch self {
        case .debug: return .muted
        case .info: return .plain
        case .warning: return .warning
        case .error: return .error
        }
    }
}

/// One line of the message pane.
public struct PaneMessage: Hashable, Sendable {
    /// Already formatted (HH:MM:SS), so rendering needs no clock.
    public var time: String
    public var source: String
    public var level: MessageLevel
    public var text: String
    public init(time: String, source: String, level: MessageLevel, text: String) {
        self.time = time
        self.source = source
        self.level = level
        self.text = text
    }
}

/// The bottom pane: events as time, source, level, text; newest at the bottom, scrolled back by
/// `scrollOffset`. Pausing and filtering are the event store's (`MonitorEventStore`, see
/// `init(store:)`); the pane only shows what the store says.
public struct MessagePaneView: Hashable, Sendable {
    public var messages: [PaneMessage]
    /// How many lines up from the newest the view is scrolled (0: following the newest).
    public var scrollOffset: Int
    public var isPaused: Bool
    /// Events that arrived while paused (they are in `messages` only after the pause ends, if the caller so chooses).
    public var newWhilePaused: Int
    /// The store's filter in words, shown in the title (the messages are already filtered).
    public var filterLabel: String?

    public init(messages: [PaneMessage], scrollOffset: Int = 0, isPaused: Bool = false, newWhilePaused: Int = 0) {
        self.messages = messages
        self.scrollOffset = scrollOffset
        self.isPaused = isPaused
        self.newWhilePaused = newWhilePaused
    }

    /// The lines shown in a pane `rows` high, oldest first, honouring the scroll offset (clamped).
    public func visibleMessages(rows: Int) -> ArraySlice<PaneMessage> {
        let all = messages
        guard rows > 0 else { return [] }
        let offset = min(max(0, scrollOffset), max(0, all.count - rows))
        let end = all.count - offset
        return all[max(0, end - rows)..<end]
    }

    public func title(_ glyphs: GlyphSet) -> String {
        var parts = ["Messages"]
        if isPaused { parts.append("PAUSED, \(newWhilePaused) new") }
        if let filter = filterLabel, !filter.isEmpty { parts.append("filter: \(filter)") }
        if scrollOffset > 0 { parts.append("\(glyphs.arrowUp) scrolled back \(scrollOffset)") }
        return parts.joined(separator: " - ")
    }

    public func render(into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        grid.box(rect, title: title(glyphs), glyphs: glyphs, titleStyle: isPaused ? .warning : .bold)
        let inside = rect.inset(by: 1)
        guard !inside.isEmpty else { return }
        let shown = visibleMessages(rows: inside.height)
        if shown.isEmpty {
            grid.write((filterLabel ?? "").isEmpty ? "No messages yet." : "No messages match the filter.",
                       x: inside.x + 1, y: inside.y, maxWidth: inside.width - 2, style: .muted)
            return
        }
        let sourceWidth = min(10, shown.map { DisplayWidth.of($0.source) }.max() ?? 0)
        for (row, message) in shown.enumerated() {
            let y = inside.y + row
            var x = inside.x + 1
            x += grid.write(message.time, x: x, y: y, maxWidth: 8, style: .muted) + 1
            grid.write(message.source, x: x, y: y, maxWidth: sourceWidth, style: .accent, ellipsis: glyphs.ellipsis)
            x += sourceWidth + 1
            grid.write(message.level.label, x: x, y: y, maxWidth: 5, style: message.level.style)
            x += 6
            grid.write(message.text, x: x, y: y, maxWidth: inside.maxX - x - 1, ellipsis: glyphs.ellipsis)
        }
    }
}
