import Foundation

extension MonitorEventRecord {
    /// The record as one line of compact JSON (what `kepedge monitor --json` prints): the object `JSONEncoder`
    /// gives with sorted keys and ISO 8601 dates (whole seconds, UTC), members that are nil left out.
    /// Written by hand: a fast agent means thousands of lines a second, and `JSONEncoder` was a quarter of
    /// the monitor's time.
    public var jsonLine: String {
        var line = JSONLine()
        if let classification { line.member("classification", classification.rawValue) }
        if let deviceID { line.member("deviceID", deviceID) }
        if let fix { line.member("fix", fix) }
        line.member("level", level.rawValue)
        if let meaning { line.member("meaning", meaning) }
        if let rows {
            line.key("rows")
            line.text += "["
            for (index, row) in rows.enumerated() {
                if index > 0 { line.text += "," }
                var object = JSONLine()
                object.member("quality", row.quality.rawValue)
                object.member("tag", row.tag)
                if let time = row.time { object.member("time", date: time) }
                object.member("value", row.value)
                line.text += object.closed()
            }
            line.text += "]"
        }
        line.member("source", source.rawValue)
        line.member("text", text)
        line.member("time", date: time)
        return line.closed()
    }
}

/// One JSON object being written, members in the order given.
private struct JSONLine {
    var text = "{"
    private var empty = true

    mutating func key(_ name: String) {
        if !empty { text += "," }
        empty = false
        Self.appendQuoted(name, to: &text)
        text += ":"
    }

    mutating func member(_ name: String, _ value: String) {
        key(name)
        Self.appendQuoted(value, to: &text)
    }

    mutating func member(_ name: String, date: Date) {
        key(name)
        text += "\""
        text += Self.iso8601(date)
        text += "\""
    }

    func closed() -> String {
        text + "}"
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as it is.
    static func appendQuoted(_ value: String, to text: inout String) {
        text += "\""
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += hex.count == 1 ? "\\u000" + hex : "\\u00" + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    /// `2026-11-27T02:13:28Z`, as `JSONEncoder.DateEncodingStrategy.iso8601` writes it (seconds rounded down),
    /// by arithmetic; dates outside 1970–9999 go through `JSONEncoder` itself.
    static func iso8601(_ date: Date) -> String {
        let seconds = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard seconds.isFinite, seconds >= -978_307_200, seconds < 253_402_300_800 - 978_307_200 else { return encoderISO8601(date) }
        let sinceEpoch = Int(seconds) + 978_307_200
        let (days, secondOfDay) = sinceEpoch.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = ""
        text.reserveCapacity(20)
        appendDigits(year, count: 4, to: &text)
        text += "-"
        appendDigits(month, count: 2, to: &text)
        text += "-"
        appendDigits(day, count: 2, to: &text)
        text += "T"
        appendDigits(secondOfDay / 3600, count: 2, to: &text)
        text += ":"
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &text)
        text += ":"
        appendDigits(secondOfDay % 60, count: 2, to: &text)
        text += "Z"
        return text
    }

    /// Year, month and day of a day count since 1970-01-01 (not negative), proleptic Gregorian
    /// (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func appendDigits(_ value: Int, count: Int, to text: inout String) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(value / divisor % 10)))
            divisor /= 10
        }
    }

    /// What `JSONEncoder` writes for a date this file does not format itself.
    private static func encoderISO8601(_ date: Date) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode([date]) else { return "" }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "[]\""))
    }
}
