/// Reads a Prometheus text exposition page (see `PrometheusText.swift` for the format and its source).
/// Works on the UTF-8 bytes, one line at a time: a page of edgeHub's is a few hundred lines, scraped every few seconds.
public enum PrometheusTextParser {
    public static func parse(_ text: String) throws(PrometheusParseError) -> PrometheusExposition {
        var page = PrometheusExposition()
        var lineNumber = 0
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lineNumber += 1
            var end = index
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = bytes[start..<end]
            start = index + 1
            var cursor = LineCursor(bytes: line, number: lineNumber)
            cursor.skipSpaces()
            if cursor.atEnd { continue }
            if cursor.peek == UInt8(ascii: "#") {
                try readComment(&cursor, into: &page)
            } else {
                page.samples.append(try readSample(&cursor))
            }
        }
        return page
    }

    /// `# HELP name text`, `# TYPE name type`; any other comment is ignored, as the format says.
    private static func readComment(_ cursor: inout LineCursor, into page: inout PrometheusExposition) throws(PrometheusParseError) {
        cursor.advance()
        cursor.skipSpaces()
        let keyword = cursor.readWhile { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard keyword == "HELP" || keyword == "TYPE" else { return }
        cursor.skipSpaces()
        let name = cursor.readWhile(isNameByte)
        guard !name.isEmpty else { return }
        cursor.skipSpaces()
        let rest = cursor.rest
        if keyword == "TYPE" {
            guard let type = PrometheusMetricType(rawValue: rest.trimmingTrailingSpaces) else {
                throw cursor.error("unknown metric type \"\(rest)\" for \(name)")
            }
            page.types[name] = type
        } else {
            page.help[name] = unescape(rest, quotes: false)
        }
    }

    private static func readSample(_ cursor: inout LineCursor) throws(PrometheusParseError) -> PrometheusSample {
        guard let first = cursor.peek, isNameStart(first) else { throw cursor.error("a sample must start with a metric name") }
        let name = cursor.readWhile(isNameByte)
        var labels: [PrometheusLabel] = []
        cursor.skipSpaces()
        if cursor.peek == UInt8(ascii: "{") {
            cursor.advance()
            labels = try readLabels(&cursor, metric: name)
        }
        cursor.skipSpaces()
        let valueText = cursor.readWhile { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        guard let value = parseValue(valueText) else {
            throw cursor.error(valueText.isEmpty ? "\(name) has no value" : "\(name) has the value \"\(valueText)\", not a number")
        }
        cursor.skipSpaces()
        var timestamp: Int64?
        if !cursor.atEnd {
            let text = cursor.readWhile { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            guard let parsed = Int64(text) else { throw cursor.error("\(name) has the timestamp \"\(text)\", not an integer of milliseconds") }
            timestamp = parsed
            cursor.skipSpaces()
            guard cursor.atEnd else { throw cursor.error("\(name) has text after its timestamp") }
        }
        return PrometheusSample(name: name, labels: labels, value: value, timestampMilliseconds: timestamp)
    }

    /// After `{`: `name="value"` pairs separated by commas (a trailing comma is allowed), up to `}`.
    private static func readLabels(_ cursor: inout LineCursor, metric: String) throws(PrometheusParseError) -> [PrometheusLabel] {
        var labels: [PrometheusLabel] = []
        while true {
            cursor.skipSpaces()
            if cursor.peek == UInt8(ascii: "}") { cursor.advance(); return labels }
            guard let first = cursor.peek, isNameStart(first), first != UInt8(ascii: ":") else {
                throw cursor.error("\(metric) has a label without a name (or no closing \"}\")")
            }
            let labelName = cursor.readWhile { isNameByte($0) && $0 != UInt8(ascii: ":") }
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "=") else { throw cursor.error("label \(labelName) of \(metric) has no \"=\"") }
            cursor.advance()
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.error("label \(labelName) of \(metric) has no quoted value") }
            cursor.advance()
            labels.append(PrometheusLabel(labelName, try readQuoted(&cursor, label: labelName)))
            cursor.skipSpaces()
            if cursor.peek == UInt8(ascii: ",") { cursor.advance(); continue }
            guard cursor.peek == UInt8(ascii: "}") else { throw cursor.error("\(metric)'s labels are not closed with \"}\"") }
        }
    }

    /// A label value up to its closing quote: `\\`, `\"`, `\n` are escapes; any other backslash stays as written.
    private static func readQuoted(_ cursor: inout LineCursor, label: String) throws(PrometheusParseError) -> String {
        var value: [UInt8] = []
        while let byte = cursor.peek {
            cursor.advance()
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = cursor.peek else { break }
                cursor.advance()
                switch escaped {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): value.append(escaped)
                default: value.append(byte); value.append(escaped)
                }
            default:
                value.append(byte)
            }
        }
        throw cursor.error("the value of label \(label) has no closing quote")
    }

    /// Go's ParseFloat, as Prometheus reads values: decimal and exponent forms, `NaN`, `+Inf`, `-Inf` (any case).
    static func parseValue(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan": return .nan
        case "+inf", "inf": return .infinity
        case "-inf": return -.infinity
        case "": return nil
        default:
            guard text.utf8.allSatisfy({ isDigit($0) || "+-.eE".utf8.contains($0) }) else { return nil }
            return Double(text)
        }
    }

    /// HELP text escapes `\\` and `\n` only.
    private static func unescape(_ text: String, quotes: Bool) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var pendingBackslash = false
        for character in text {
            if pendingBackslash {
                switch character {
                case "n": result.append("\n")
                case "\\": result.append("\\")
                case "\"" where quotes: result.append("\"")
                default: result.append("\\"); result.append(character)
                }
                pendingBackslash = false
            } else if character == "\\" {
                pendingBackslash = true
            } else {
                result.append(character)
            }
        }
        if pendingBackslash { result.append("\\") }
        return result
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }
    private static func isNameByte(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
}

/// A position in one line of the page.
private struct LineCursor {
    let bytes: ArraySlice<UInt8>
    let number: Int
    var position: Int

    init(bytes: ArraySlice<UInt8>, number: Int) {
        self.bytes = bytes
        self.number = number
        self.position = bytes.startIndex
    }

    var atEnd: Bool { position >= bytes.endIndex }
    var peek: UInt8? { atEnd ? nil : bytes[position] }
    var rest: String { String(decoding: bytes[position...], as: UTF8.self) }

    mutating func advance() { position += 1 }

    mutating func skipSpaces() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    mutating func readWhile(_ keep: (UInt8) -> Bool) -> String {
        let start = position
        while let byte = peek, keep(byte) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    func error(_ reason: String) -> PrometheusParseError { PrometheusParseError(line: number, reason: reason) }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
