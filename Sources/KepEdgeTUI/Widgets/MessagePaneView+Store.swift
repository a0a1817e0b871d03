import Foundation
import KepEdgeCore

extension MessagePaneView {
    /// The pane for the wizard's event store: what the store shows (filtered, frozen while paused), as
    /// `HH:MM:SS source LEVEL text`; a Kepware message shows its values as `tag = value (quality)`.
    ///
    /// Only the events a pane can show are formatted: the last `scrollOffset + storeWindow` (a thousand
    /// formatted lines per frame, most never drawn, was most of the validation screen's render time).
    public init(store: MonitorEventStore, scrollOffset: Int = 0, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) {
        let offset = min(max(0, scrollOffset), max(0, store.visibleCount - 1))
        self.init(messages: store.newestVisible(offset + Self.storeWindow).map { PaneMessage(event: $0, timeZone: timeZone) },
                  scrollOffset: offset, isPaused: store.isPaused, newWhilePaused: store.newWhilePaused)
        filterLabel = Self.describe(store.filter)
    }

    /// More rows than any message pane has (a 200-row terminal's pane is smaller).
    static let storeWindow = 256

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
        // The wall clock in `timeZone` by arithmetic: a Calendar per line was the pane's slowest part.
        // Clamped to years 1-9999 first: a log's claimed time can be anything, Int(Double) traps past Int.max.
        let eventTime = MonitorEvent.printable(event.time)
        let local = Int((eventTime.timeIntervalSince1970).rounded(.down)) + timeZone.secondsFromGMT(for: eventTime)
        let secondOfDay = ((local % 86_400) + 86_400) % 86_400
        let time = Self.twoDigits(secondOfDay / 3600) + ":" + Self.twoDigits(secondOfDay / 60 % 60) + ":" + Self.twoDigits(secondOfDay % 60)
        var text = event.text
        if let rows = event.rows, !rows.isEmpty { text = Self.valuesText(rows) }
        if let classification = event.classification, event.level != .info, let fix = classification.fix {
            text += " - Fix: \(fix)"
        }
        self.init(time: time, source: event.source.rawValue, level: MessageLevel(event.level), text: text)
    }

    /// `Tag1 = 12 (good); Tag2 = 3.5 (bad)`, built from bytes (`UTF8TextBuilder`): a piece per value joined,
    /// or appended with `+=`, cost most of the pane's formatting, for every message shown.
    static func valuesText(_ rows: [KepwarePayloadRow]) -> String {
        var text = UTF8TextBuilder(capacity: rows.reduce(0) { $0 + $1.tag.utf8.count + $1.value.utf8.count + 16 })
        for (index, row) in rows.enumerated() {
            if index > 0 { text.append("; ") }
            text.append(row.tag)
            text.append(" = ")
            text.append(row.value)
            text.append(" (")
            text.append(row.quality.rawValue)
            text.append(")")
        }
        return text.text
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
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
