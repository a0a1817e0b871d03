import Foundation

/// A byte-level reader for exactly Kepware's standard template:
/// `{"timestamp": ms, "values": [{"id": "…", "v": …, "q": true, "t": ms}, …]}` (keys in any order, any JSON
/// whitespace, string escapes).
///
/// `kepedge monitor` decodes every message a fast agent publishes, and Foundation's `JSONDecoder` was the
/// largest cost. This reader gives the same `KepwarePayload` the decoder path gives, or nil for anything it
/// does not fully understand (extra or repeated keys, a lone surrogate, invalid UTF-8, a number whose reading
/// `JSONDecoder` might round differently), and `KepwarePayload.decode` then asks `JSONDecoder`.
struct StandardTemplateScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The previous message's tag names, in order; `tagNamesChanged` once this one's differ.
    private let previousTagNames: [String]
    private var tagNamesChanged = false

    private init(bytes: UnsafeBufferPointer<UInt8>, previousTagNames: [String]) {
        self.bytes = bytes
        self.previousTagNames = previousTagNames
    }

    /// The standard-template reading of `data`, or nil when the `JSONDecoder` path must decide.
    static func scan(_ data: Data) -> KepwarePayload? {
        data.withUnsafeBytes { raw in
            var scanner = StandardTemplateScanner(bytes: raw.bindMemory(to: UInt8.self), previousTagNames: recentTagNames.names)
            let payload = scanner.message()
            if scanner.tagNamesChanged, case .standard(_, let rows)? = payload {
                // Only names written without escapes can be matched byte for byte (see `string(reusing:)`).
                recentTagNames.names = rows.map { $0.tag.utf8.contains { $0 == ASCII.quote || $0 == ASCII.backslash || $0 < 0x20 } ? "" : $0.tag }
            }
            return payload
        }
    }

    /// An agent publishes the same tags in the same order in every message: a tag name equal to the previous
    /// message's at its place is that `String` again (a retain), not a new one (an allocation and a copy).
    private static let recentTagNames = RecentTagNames()

    // MARK: The template

    private mutating func message() -> KepwarePayload? {
        skipWhitespace()
        guard take(ASCII.openBrace) else { return nil }
        var timestamp: Double??
        var rows: [KepwarePayloadRow]?
        repeat {
            guard let key = key() else { return nil }
            switch key {
            case .timestamp where timestamp == nil:
                guard let milliseconds = looseNumber() else { return nil }
                timestamp = .some(milliseconds)
            case .values where rows == nil:
                guard let values = values() else { return nil }
                rows = values
            default:
                return nil
            }
        } while nextMember()
        guard let rows, take(ASCII.closeBrace) else { return nil }
        skipWhitespace()
        guard index == bytes.count else { return nil }
        return .standard(timestamp: KepwarePayload.date(fromMilliseconds: timestamp ?? nil), rows: rows)
    }

    private mutating func values() -> [KepwarePayloadRow]? {
        guard take(ASCII.openBracket) else { return nil }
        var rows: [KepwarePayloadRow] = []
        skipWhitespace()
        if take(ASCII.closeBracket) { return rows }
        while true {
            skipWhitespace()
            guard let row = entry(position: rows.count) else { return nil }
            rows.append(row)
            skipWhitespace()
            if take(ASCII.comma) { continue }
            return take(ASCII.closeBracket) ? rows : nil
        }
    }

    private mutating func entry(position: Int) -> KepwarePayloadRow? {
        guard take(ASCII.openBrace) else { return nil }
        var id: String?
        var value: String?
        var quality: Bool??
        var time: Double??
        repeat {
            guard let key = key() else { return nil }
            switch key {
            case .id where id == nil:
                let previous = position < previousTagNames.count ? previousTagNames[position] : nil
                guard let text = string(reusing: previous) else { return nil }
                if previous == nil { tagNamesChanged = true }
                id = text
            case .v where value == nil:
                guard let text = valueText() else { return nil }
                value = text
            case .q where quality == nil:
                guard let flag = looseBool() else { return nil }
                quality = .some(flag)
            case .t where time == nil:
                guard let milliseconds = looseNumber() else { return nil }
                time = .some(milliseconds)
            default:
                return nil
            }
        } while nextMember()
        guard let id, take(ASCII.closeBrace) else { return nil }
        let good = quality ?? nil
        return KepwarePayloadRow(tag: id, value: value ?? "(no value)", quality: good.map { $0 ? .good : .bad } ?? .unknown,
                                 time: KepwarePayload.date(fromMilliseconds: time ?? nil))
    }

    private enum Key {
        case timestamp, values, id, v, q, t
    }

    /// `"key"` and its colon; nil for any other key, or one written with escapes.
    private mutating func key() -> Key? {
        skipWhitespace()
        guard take(ASCII.quote) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != ASCII.quote {
            if bytes[index] == ASCII.backslash || bytes[index] < 0x20 { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let name = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        skipWhitespace()
        guard take(ASCII.colon) else { return nil }
        skipWhitespace()
        switch name.count {
        case 1:
            switch name[0] {
            case UInt8(ascii: "v"): return .v
            case UInt8(ascii: "q"): return .q
            case UInt8(ascii: "t"): return .t
            default: return nil
            }
        case 2: return Self.equal(name, "id") ? .id : nil
        case 6: return Self.equal(name, "values") ? .values : nil
        case 9: return Self.equal(name, "timestamp") ? .timestamp : nil
        default: return nil
        }
    }

    /// After a member: true at a comma (another member follows), false before the closing brace.
    private mutating func nextMember() -> Bool {
        skipWhitespace()
        return take(ASCII.comma)
    }

    // MARK: Values

    /// `v` as `KepwarePayload.text(of:)` renders it.
    private mutating func valueText() -> String? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case ASCII.quote:
            return string().map { KepwarePayload.printable($0, limit: 120) }
        case UInt8(ascii: "t"):
            return literal("true") ? "true" : nil
        case UInt8(ascii: "f"):
            return literal("false") ? "false" : nil
        case UInt8(ascii: "n"):
            return literal("null") ? "null" : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return numberText()
        case ASCII.openBracket, ASCII.openBrace:
            return nestedText()
        default:
            return nil
        }
    }

    /// `q`: a boolean, or nil (unknown quality) for `null`, a number or a string, as `try? decodeIfPresent(Bool.self)`.
    private mutating func looseBool() -> Bool?? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "t"): return literal("true") ? .some(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .some(false) : nil
        default: return otherScalar()
        }
    }

    /// `timestamp` and `t`: a number, or nil for `null`, a boolean or a string, as `try? decodeIfPresent(Double.self)`.
    private mutating func looseNumber() -> Double?? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let number = number() else { return nil }
            return .some(number.value)
        case UInt8(ascii: "t"): return literal("true") ? .some(nil) : nil
        case UInt8(ascii: "f"): return literal("false") ? .some(nil) : nil
        default: return otherScalar()
        }
    }

    /// `null`, a string or a number read as the wrong type: `.some(nil)`. Arrays and objects: nil (not handled).
    private mutating func otherScalar<T>() -> T?? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "n"): return literal("null") ? .some(nil) : nil
        case ASCII.quote: return string() == nil ? nil : .some(nil)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number() == nil ? nil : .some(nil)
        default: return nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count, Self.equal(UnsafeBufferPointer(rebasing: bytes[index..<index + count]), word) else { return false }
        index += count
        return true
    }

    /// Whether `text` is exactly `word`'s bytes (a memcmp: the generic `elementsEqual` over a string's UTF-8
    /// view cost a hundred instructions a key).
    private static func equal(_ text: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard text.count == word.utf8CodeUnitCount else { return false }
        guard let start = text.baseAddress else { return text.isEmpty }
        return memcmp(start, word.utf8Start, text.count) == 0
    }

    // MARK: Numbers

    private struct Number {
        /// The value as written when it is a plain integer (no fraction, no exponent) that fits `Int`.
        var integer: Int?
        /// No fraction and no exponent.
        var plain: Bool
        var value: Double
    }

    /// A JSON number (strict grammar). Nil for invalid text, and for values `JSONDecoder` reads as an error or
    /// differently (beyond Double's range, or so small it becomes zero or subnormal).
    private mutating func number() -> Number? {
        let start = index
        let negative = take(UInt8(ascii: "-"))
        guard index < bytes.count else { return nil }
        var integer = 0
        var integerDigits = 0
        var significantDigit = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, let digit = digit(bytes[index]) {
                if integerDigits < 18 { integer = integer * 10 + digit }
                integerDigits += 1
                index += 1
            }
            guard integerDigits > 0 else { return nil }
            significantDigit = true
        }
        var plain = true
        if take(UInt8(ascii: ".")) {
            plain = false
            guard digits(&significantDigit) else { return nil }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            plain = false
            index += 1
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            var exponentDigit = false
            guard digits(&exponentDigit) else { return nil }
        }
        if plain, integerDigits <= 15 {
            // Below 2^53: the integer and its Double are exact, no text conversion needed.
            let value = negative ? -integer : integer
            return Number(integer: value, plain: true, value: negative && value == 0 ? -0.0 : Double(value))
        }
        let text = Substring(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite, !value.isSubnormal, value != 0 || !significantDigit else { return nil }
        return Number(integer: plain ? Int(text) : nil, plain: plain, value: value)
    }

    private func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// One or more digits; notes whether any is not zero.
    private mutating func digits(_ significant: inout Bool) -> Bool {
        let start = index
        while index < bytes.count, let digit = digit(bytes[index]) {
            if digit != 0 { significant = true }
            index += 1
        }
        return index > start
    }

    /// A number in `v`, as `text(of:)` renders the `JSONValue` the decoder makes of it: a plain integer that
    /// fits `Int` as written; anything else through `Double`, whole values below 1e15 without a fraction.
    /// Whole values from 1e15 up written with a fraction or exponent may be read as `Int` or `Double`
    /// (rendered differently): nil.
    private mutating func numberText() -> String? {
        guard let number = number() else { return nil }
        if let integer = number.integer { return String(integer) }
        // A plain integer beyond `Int` is read as a `Double`, always whole and beyond 1e15.
        if number.plain { return String(number.value) }
        let value = number.value
        if value.rounded() == value {
            return abs(value) < 1e15 ? String(Int64(value)) : nil
        }
        return String(value)
    }

    // MARK: Strings

    /// A JSON string; nil for invalid UTF-8, raw control characters, unknown escapes and lone surrogates.
    private mutating func string(reusing candidate: String? = nil) -> String? {
        guard take(ASCII.quote) else { return nil }
        let start = index
        // The candidate has no quote, backslash or control character: its bytes followed by a quote are a
        // plain JSON string that reads as the candidate, with no need to look at each byte.
        if let candidate, Self.startsPlainString(UnsafeBufferPointer(rebasing: bytes[start...]), with: candidate) {
            index = start + candidate.utf8.count + 1
            return candidate
        }
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if candidate != nil { tagNamesChanged = true }
                return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == ASCII.backslash { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        return nil
    }

    /// Whether `text` starts with `string`'s UTF-8 bytes and then a quote.
    private static func startsPlainString(_ text: UnsafeBufferPointer<UInt8>, with string: String) -> Bool {
        var string = string
        return string.withUTF8 { stored in
            guard text.count > stored.count, text[stored.count] == ASCII.quote else { return false }
            guard let storedStart = stored.baseAddress, let textStart = text.baseAddress else { return stored.isEmpty }
            return memcmp(storedStart, textStart, stored.count) == 0
        }
    }

    /// The rest of a string that has escapes, from its first byte after the quote.
    private mutating func escapedString(from start: Int) -> String? {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case ASCII.quote:
                return String(validating: utf8, as: UTF8.self)
            case ASCII.backslash:
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case ASCII.quote, ASCII.backslash, UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    UTF8.encode(scalar) { utf8.append($0) }
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                utf8.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (after the `u`), joining a surrogate pair; nil for a lone surrogate.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hex4() else { return nil }
        switch unit {
        case 0xD800...0xDBFF:
            guard literal("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00...0xDFFF:
            return nil
        default:
            return Unicode.Scalar(unit)
        }
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: Nested values

    /// The deepest nesting of an array or object in `v` this reader hands to `JSONDecoder` on its own
    /// (the whole message nests three more levels, and `JSONDecoder` refuses very deep documents).
    private static let nestingLimit = 64

    /// An array or object in `v`: its bytes go to `JSONDecoder` as a `JSONValue`, exactly as the decoder
    /// path reads it, and are rendered by `text(of:)`. Rare in Kepware's messages (array tags).
    private mutating func nestedText() -> String? {
        let start = index
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case ASCII.openBrace, ASCII.openBracket:
                depth += 1
                if depth > Self.nestingLimit { return nil }
            case ASCII.closeBrace, ASCII.closeBracket:
                depth -= 1
                if depth == 0 {
                    let slice = Data(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    guard let value = try? JSONDecoder().decode(JSONValue.self, from: slice) else { return nil }
                    return KepwarePayload.text(of: value)
                }
            case ASCII.quote:
                while index < bytes.count, bytes[index] != ASCII.quote {
                    index += bytes[index] == ASCII.backslash ? 2 : 1
                }
                index += 1
            default:
                break
            }
        }
        return nil
    }

    // MARK: Bytes

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private enum ASCII {
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")
        static let colon = UInt8(ascii: ":")
        static let comma = UInt8(ascii: ",")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
        static let openBracket = UInt8(ascii: "[")
        static let closeBracket = UInt8(ascii: "]")
    }
}

/// The tag names of the last message scanned, shared by every thread that decodes (the MQTT session's, the
/// pane's): a lock around an array swap, far cheaper than the allocations it saves.
private final class RecentTagNames: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var names: [String] {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
