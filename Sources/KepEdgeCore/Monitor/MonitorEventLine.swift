import Foundation

extension MonitorEvent {
    /// `2026-11-27T02:13:28.123Z edgeHub  error   text [classification] fix`: one line for terminals without
    /// curses and for pipes. Control characters in the text are replaced so one event is always one line.
    public var line: String {
        let time = MonitorEvent.timeText(time)
        let source = self.source.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let level = self.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        var text = MonitorEvent.oneLine(self.text)
        if let classification {
            text += " [\(classification.rawValue)]"
            if level != "info   ", let fix = classification.fix { text += " Fix: \(fix)" }
        }
        return "\(time) \(source) \(level) \(text)"
    }

    /// One calendar for every line: making one per line cost time on every line `kepedge monitor` prints.
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// The times a line can show: years 0001 to 9999. A log may claim any time (`10000000000000000: x`);
    /// printing clamps it here instead of trapping in `Int(Double)`.
    public static let printableTimes = Date(timeIntervalSince1970: -62_135_596_800)...Date(timeIntervalSince1970: 253_402_300_799.999)

    /// `date` moved into `printableTimes` (NaN becomes the epoch).
    public static func printable(_ date: Date) -> Date {
        guard !date.timeIntervalSince1970.isNaN else { return Date(timeIntervalSince1970: 0) }
        return min(max(date, printableTimes.lowerBound), printableTimes.upperBound)
    }

    /// Millisecond UTC ISO 8601, the same in every time zone.
    static func timeText(_ date: Date) -> String {
        let date = printable(date)
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, (milliseconds + 1000) % 1000)
    }

    static func oneLine(_ text: String) -> String {
        TerminalText.oneLine(text)
    }
}

/// A monitor event as one JSON object (`kepedge monitor --json`): the event, plus the classification's
/// meaning and fix spelled out so a script needs no table.
public struct MonitorEventRecord: Encodable, Sendable {
    public let time: Date
    public let source: MonitorEvent.Source
    public let level: MonitorEvent.Level
    public let text: String
    public let deviceID: String?
    public let classification: LogClassification?
    public let meaning: String?
    public let fix: String?
    public let rows: [KepwarePayloadRow]?

    public init(_ event: MonitorEvent) {
        time = event.time
        source = event.source
        level = event.level
        text = event.text
        deviceID = event.deviceID
        classification = event.classification
        meaning = event.classification?.meaning
        fix = event.classification?.fix
        rows = event.rows
    }
}
