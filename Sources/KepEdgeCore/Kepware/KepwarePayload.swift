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
        // A fast agent's every message goes through here (`kepedge monitor`): the byte-level reader first,
        // `JSONDecoder` for anything it leaves (the same result either way, see `StandardTemplateScanner`).
        StandardTemplateScanner.scan(data) ?? decodeWithJSONDecoder(data)
    }

    /// The reading `decode` falls back to, and the reference `StandardTemplateScanner` is tested against.
    static func decodeWithJSONDecoder(_ data: Data) -> KepwarePayload {
        if let message = try? JSONDecoder().decode(StandardMessage.self, from: data) {
            let rows = message.values.map { entry in
                KepwarePayloadRow(tag: entry.id, value: text(of: entry.v), quality: entry.q.map { $0 ? .good : .bad } ?? .unknown,
                                  time: date(fromMilliseconds: entry.t))
            }
            return .standard(timestamp: date(fromMilliseconds: message.timestamp), rows: rows)
        }
        return .raw(rawRendering(of: data))
    }

    /// The standard template, read field by field: only `v` goes through `JSONValue`, whose trial decoding
    /// throws (and so costs) once per type it is not. `kepedge monitor` decodes every message a fast agent
    /// publishes, and reading the whole message as `JSONValue` took most of its time.
    private struct StandardMessage: Decodable {
        struct Entry: Decodable {
            enum CodingKeys: String, CodingKey { case id, v, q, t }
            let id: String
            /// nil when the entry has no `v` (a JSON `null` is `.null`).
            let v: JSONValue?
            /// nil when `q` is missing or not a boolean.
            let q: Bool?
            /// Epoch milliseconds; nil when missing or not a number.
            let t: Double?

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                id = try container.decode(String.self, forKey: .id)
                v = container.contains(.v) ? try container.decode(JSONValue.self, forKey: .v) : nil
                q = try? container.decodeIfPresent(Bool.self, forKey: .q)
                t = try? container.decodeIfPresent(Double.self, forKey: .t)
            }
        }

        enum CodingKeys: String, CodingKey { case timestamp, values }
        let timestamp: Double?
        let values: [Entry]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            timestamp = try? container.decodeIfPresent(Double.self, forKey: .timestamp)
            values = try container.decode([Entry].self, forKey: .values)
        }
    }

    static func text(of value: JSONValue?) -> String {
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
    static func date(fromMilliseconds milliseconds: Double?) -> Date? {
        guard let milliseconds, milliseconds.isFinite, milliseconds >= 0, milliseconds < 253_402_300_800_000 else { return nil }
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
        // Most values are short printable ASCII, one character per byte: nothing to replace or cut.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) { return text }
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
