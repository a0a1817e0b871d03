import Foundation

extension MonitorEvent {
    /// `2026-11-27T02:13:28.123Z edgeHub  error   text [classification] fix`: one line for terminals without
    /// curses and for pipes. Control characters in the text are replaced so one event is always one line.
    public var line: String {
        // Built from bytes, not by `padding(toLength:)`, interpolation or `+=`: the pipeline formats the visible
        // rows of every frame, and those were a large part of it.
        var line = UTF8TextBuilder(capacity: 64 + text.utf8.count)
        line.append(MonitorEvent.timeText(time))
        line.append(" ")
        MonitorEvent.append(source.rawValue, paddedTo: 8, to: &line)
        line.append(" ")
        MonitorEvent.append(level.rawValue, paddedTo: 7, to: &line)
        line.append(" ")
        line.append(MonitorEvent.oneLine(text))
        if let classification {
            line.append(" [")
            line.append(classification.rawValue)
            line.append("]")
            if level != .info, let fix = classification.fix {
                line.append(" Fix: ")
                line.append(fix)
            }
        }
        return line.text
    }

    /// `text` then spaces up to `width` (cut at `width` as `padding(toLength:)` does: these are ASCII names).
    private static func append(_ text: String, paddedTo width: Int, to line: inout UTF8TextBuilder) {
        line.append(text.prefix(width))
        line.append(repeating: UInt8(ascii: " "), count: width - min(text.count, width))
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
        let milliseconds = (Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000 + 1000) % 1000
        // From 1970 on by arithmetic (a Calendar lookup per line was most of the line's cost); earlier dates
        // go through the calendar, whose Gregorian calendar switches to Julian before 1582.
        let seconds = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard seconds >= -978_307_200 else {
            let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                          parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, milliseconds)
        }
        let (days, secondOfDay) = (Int(seconds) + 978_307_200).quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int, then separator: UInt8) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
            bytes.append(separator)
        }
        digits(year, 4, then: UInt8(ascii: "-"))
        digits(month, 2, then: UInt8(ascii: "-"))
        digits(day, 2, then: UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, then: UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, then: UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, then: UInt8(ascii: "."))
        digits(milliseconds, 3, then: UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
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
