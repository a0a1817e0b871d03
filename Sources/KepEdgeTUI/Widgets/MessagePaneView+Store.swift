import Foundation
import KepEdgeCore

extension MessagePaneView {
    /// The pane for the wizard's event store: what the store shows (filtered, frozen while paused), as
    /// `HH:MM:SS source LEVEL text`; a Kepware message shows its values as `tag = value (quality)`.
    public init(store: MonitorEventStore, scrollOffset: Int = 0, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) {
        self.init(messages: store.visible.map { PaneMessage(event: $0, timeZone: timeZone) }, scrollOffset: scrollOffset,
                  isPaused: store.isPaused, newWhilePaused: store.newWhilePaused)
        filterLabel = Self.describe(store.filter)
    }

    /// `text "401" in edgeHub, kepware`, or nil when nothing is filtered.
    static func describe(_ filter: MonitorEventStore.Filter) -> String? {
        var parts: [String] = []
        let text = filter.text.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { parts.append("\"\(text)\"") }
        if !filter.sources.isEmpty { parts.append("source " + filter.sources.map(\.rawValue).sorted().joined(separator: ", ")) }
        return parts.isEmpty ? nil : parts.joined(separator: " in ")
    }
}

extension PaneMessage {
    /// One event as a pane line.
    public init(event: MonitorEvent, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: event.time)
        let time = String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        var text = event.text
        if let rows = event.rows, !rows.isEmpty {
            text = rows.map { "\($0.tag) = \($0.value) (\($0.quality.rawValue))" }.joined(separator: "; ")
        }
        if let classification = event.classification, event.level != .info, let fix = classification.fix {
            text += " - Fix: \(fix)"
        }
        self.init(time: time, source: event.source.rawValue, level: MessageLevel(event.level), text: text)
    }
}

extension MessageLevel {
    init(_ level: MonitorEvent.Level) {
        switch level {
        case .info: self = .info
        case .warning: self = .warning
        case .error: self = .error
        }
    }
}
