import Foundation

extension MonitorEventRecord {
    /// The record as one line of compact JSON (what `kepedge monitor --json` prints): the object `JSONEncoder`
    /// gives with sorted keys and ISO 8601 dates (whole seconds, UTC), members that are nil left out.
    /// Written by hand: a fast agent means thousands of lines a second, and `JSONEncoder` was a quarter of
    /// the monitor's time.
    public var jsonLine: String {
        String(decoding: jsonLineBytes, as: UTF8.self)
    }

    /// `jsonLine` as UTF-8, without a newline: what the monitor writes, with no String in between.
    public var jsonLineBytes: [UInt8] {
        var line = JSONLine()
        line.open("{")
        if let classification { line.member("classification", classification.rawValue) }
        if let deviceID { line.member("deviceID", deviceID) }
        if let fix { line.member("fix", fix) }
        line.member("level", level.rawValue)
        if let meaning { line.member("meaning", meaning) }
        if let rows {
            line.key("rows")
            line.open("[")
            for row in rows {
                line.open("{")
                line.member("quality", row.quality.rawValue)
                line.member("tag", row.tag)
                if let time = row.time { line.member("time", date: time) }
                line.member("value", row.value)
                line.close("}")
            }
            line.close("]")
        }
        line.member("source", source.rawValue)
        line.member("text", text)
        line.member("time", date: time)
        line.close("}")
        return line.bytes
    }
}

/// A JSON object being written as UTF-8, members in the order given.
private struct JSONLine {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(512)
    }

    /// Opens an object or array (`{` or `[`), itself an element or member value.
    mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(ascii: bracket))
    }

    mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
    }

    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        appendQuoted(value)
    }

    mutating func member(_ name: StaticString, date: Date) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        appendISO8601(date)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A comma unless this is the first member or element (right after `{` or `[`) or a member's value.
    private mutating func separate() {
        guard let last = bytes.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "["), last != UInt8(ascii: ":") else { return }
        bytes.append(UInt8(ascii: ","))
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as it is (bytes of
    /// multi-byte UTF-8 sequences are never ASCII, so escaping byte by byte is exact).
    private mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Runs that need no escape (nearly every value) are copied whole rather than byte by byte.
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscaped(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A quote, a backslash or a control character as JSON writes it inside a string.
    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    /// `2026-11-27T02:13:28Z`, as `JSONEncoder.DateEncodingStrategy.iso8601` writes it (seconds rounded down),
    /// by arithmetic; dates outside 1970–9999 go through `JSONEncoder` itself.
    private mutating func appendISO8601(_ date: Date) {
        let seconds = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard seconds.isFinite, seconds >= -978_307_200, seconds < 253_402_300_800 - 978_307_200 else {
            bytes.append(contentsOf: Self.encoderISO8601(date).utf8)
            return
        }
        let sinceEpoch = Int(seconds) + 978_307_200
        let (days, secondOfDay) = sinceEpoch.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        appendDigits(year, count: 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, count: 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, count: 2)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, count: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2)
        bytes.append(UInt8(ascii: "Z"))
    }

    private mutating func appendDigits(_ value: Int, count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
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
