import Foundation

/// A message Kepware's MQTT agent published, as the validation step shows it.
///
/// The standard template arrives as JSON: `{"timestamp": ms, "values": [{"id", "v", "q", "t"}, …]}`, epoch
/// milliseconds, `q` a boolean, the same id repeated in narrow format. Anything else is shown raw, printable and short.
public enum KepwarePayload: Equatable, Sendable {
    case standard(timestamp: Date?, rows: [KepwarePayloadRow])
    case raw(String)

    /// The longest raw rendering, in characters, before it is cut.
    public static let rawLimit = 400

    /// Never fails: a message that is not the standard shape becomes `.raw`.
    public static func decode(_ data: Data) -> KepwarePayload {
        if let json = try? JSONDecoder().decode(JSONValue.self, from: data), let standard = standard(from: json) {
            return standard
        }
        return .raw(rawRendering(of: data))
    }

    private static func standard(from json: JSONValue) -> KepwarePayload? {
        guard case .array(let values)? = json["values"] else { return nil }
        var rows: [KepwarePayloadRow] = []
        for entry in values {
            guard case .string(let tag)? = entry["id"] else { return nil }
            let quality: KepwarePayloadRow.Quality
            switch entry["q"] {
            case .bool(true)?: quality = .good
            case .bool(false)?: quality = .bad
            default: quality = .unknown
            }
            rows.append(KepwarePayloadRow(tag: tag, value: text(of: entry["v"]), quality: quality, time: date(from: entry["t"])))
        }
        return .standard(timestamp: date(from: json["timestamp"]), rows: rows)
    }

    private static func text(of value: JSONValue?) -> String {
        switch value {
        case nil: return "(no value)"
        case .string(let text)?: return printable(text, limit: 120)
        case .int(let number)?: return String(number)
        case .double(let number)?: return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag)?: return String(flag)
        case .null?: return "null"
        case let other?:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(other)) ?? Data()
            return printable(String(decoding: data, as: UTF8.self), limit: 120)
        }
    }

    /// Epoch milliseconds to a date; nil for anything outside years 1970–9999.
    private static func date(from value: JSONValue?) -> Date? {
        let milliseconds: Double
        switch value {
        case .int(let number)?: milliseconds = Double(number)
        case .double(let number)?: milliseconds = number
        default: return nil
        }
        guard milliseconds.isFinite, milliseconds >= 0, milliseconds < 253_402_300_800_000 else { return nil }
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    /// UTF-8 text with control characters shown as `·`, or a hex preview for binary data; cut at `rawLimit`.
    static func rawRendering(of data: Data) -> String {
        if data.isEmpty { return "(empty message)" }
        if let text = String(validating: Array(data), as: UTF8.self) {
            let controls = text.unicodeScalars.filter { $0.properties.generalCategory == .control && !"\n\r\t".unicodeScalars.contains($0) }.count
            if controls * 10 <= text.unicodeScalars.count {
                return printable(text, limit: rawLimit)
            }
        }
        let preview = data.prefix(32).map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
        return "binary, \(data.count) bytes: \(preview)\(data.count > 32 ? " …" : "")"
    }

    /// One line: control characters replaced, at most `limit` characters, with the cut marked.
    static func printable(_ text: String, limit: Int) -> String {
        var result = ""
        var count = 0
        for character in text {
            if count == limit { return result + "… (\(text.count) characters)" }
            let isControl = character.unicodeScalars.contains { $0.properties.generalCategory == .control }
            result.append(isControl ? "·" : character)
            count += 1
        }
        return result
    }
}
