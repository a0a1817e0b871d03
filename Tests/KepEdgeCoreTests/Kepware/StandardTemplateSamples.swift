import Foundation

/// Deterministic random standard-template messages for comparing `StandardTemplateScanner` with the
/// `JSONDecoder` reading: the shapes Kepware publishes, written with every freedom JSON allows (key order,
/// whitespace, escapes, number spellings), plus now and then something the scanner must leave to the decoder.
struct StandardTemplateSamples {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// One message as JSON text.
    mutating func message() -> String {
        var members: [String] = []
        switch roll(10) {
        case 0: break
        case 1: members.append(#""timestamp":"# + oddScalar())
        default: members.append(#""timestamp":"# + milliseconds())
        }
        let count = roll(4) == 0 ? 0 : 1 + roll(12)
        members.append(#""values":["# + (0..<count).map { _ in entry() }.joined(separator: "," + space()) + space() + "]")
        if roll(40) == 0 { members.append(#""extra":1"#) }
        if roll(60) == 0 { members.append(#""values":[]"#) }
        members.shuffle(using: &random)
        return space() + "{" + space() + members.joined(separator: space() + "," + space()) + space() + "}" + space()
    }

    private mutating func entry() -> String {
        var members: [String] = []
        if roll(50) != 0 { members.append(#""id":"# + (roll(30) == 0 ? oddScalar() : quoted(tagName()))) }
        if roll(15) != 0 { members.append(#""v":"# + value(depth: 0)) }
        switch roll(12) {
        case 0: break
        case 1: members.append(#""q":"# + oddScalar())
        default: members.append(#""q":"# + (roll(3) == 0 ? "false" : "true"))
        }
        switch roll(12) {
        case 0: break
        case 1: members.append(#""t":"# + oddScalar())
        default: members.append(#""t":"# + milliseconds())
        }
        if roll(80) == 0 { members.append(#""unit":"°C""#) }
        if roll(80) == 0, let first = members.first { members.append(first) }
        members.shuffle(using: &random)
        return "{" + space() + members.joined(separator: space() + "," + space()) + space() + "}"
    }

    private mutating func value(depth: Int) -> String {
        switch roll(depth > 1 ? 9 : 11) {
        case 0, 1: return integer()
        case 2, 3: return fraction()
        case 4: return roll(2) == 0 ? "true" : "false"
        case 5: return "null"
        case 6, 7: return quoted(text())
        case 8: return exponent()
        case 9: return "[" + (0..<roll(4)).map { _ in value(depth: depth + 1) }.joined(separator: "," + space()) + "]"
        default:
            let keys = ["b", "a", "z\u{e9}", "A", "1"]
            return "{" + (0..<roll(4)).map { index in quoted(keys[index]) + ":" + space() + value(depth: depth + 1) }.joined(separator: ",") + "}"
        }
    }

    private mutating func milliseconds() -> String {
        switch roll(12) {
        case 0: return "0"
        case 1: return "-5"
        case 2: return "253402300799999"
        case 3: return "253402300800000"
        case 4: return "1.5354883252491E12"
        case 5: return "99999999999999999999"
        case 6: return String(Double(1_535_488_325_249 + roll(1_000_000)) + 0.25)
        default: return String(1_535_488_325_249 + roll(400_000_000_000))
        }
    }

    private mutating func integer() -> String {
        switch roll(10) {
        case 0: return "0"
        case 1: return "-0"
        case 2: return String(Int.max - roll(3))
        case 3: return String(Int.min + roll(3))
        case 4: return "9223372036854775808"
        case 5: return String(999_999_999_999_990 + roll(20))
        case 6: return "-" + String(roll(100_000))
        default: return String(roll(1_000_000))
        }
    }

    private mutating func fraction() -> String {
        switch roll(10) {
        case 0: return "1.0"
        case 1: return "-0.0"
        case 2: return "21.50"
        case 3: return "0.1"
        case 4: return String(Double(roll(2_000_000)) / 7 - 100_000)
        case 5: return String(Double(roll(1000)) + 0.5)
        case 6: return "1000000000000000.5"
        case 7: return "123456789.000000001"
        default: return String(Double(bitPattern: UInt64(0x3FF0_0000_0000_0000) &+ UInt64(roll(1 << 30)) << 20))
        }
    }

    private mutating func exponent() -> String {
        let forms = ["1e2", "1E+2", "-2.5e-3", "1e15", "1e16", "9.99e14", "2.5e20", "1e308", "1e400", "-1e400", "1e-400",
                     "5e-324", "2.2250738585072014e-308", "0e10", "1.5e300", "6.02214076e23", "1e-7", "3e0"]
        return forms[roll(forms.count)]
    }

    private mutating func tagName() -> String {
        let parts = ["Channel1", "Device1", "Tag\(roll(100))", "_System", "_Time", "Kanal ü", "\u{30BF}\u{30B0}", "a\"b", "back\\slash", "tab\there", "\u{1F600}", "nul\u{0}"]
        return (0..<(1 + roll(3))).map { _ in parts[roll(parts.count)] }.joined(separator: ".")
    }

    private mutating func text() -> String {
        let pieces = ["running", "batch-\(roll(50))", "ä", "\u{1F3ED}", "line\nbreak", "\u{7}", "\r\n", "slash/", "quote\"", "\u{2028}", "e\u{301}", String(repeating: "x", count: 60)]
        return (0..<roll(4)).map { _ in pieces[roll(pieces.count)] }.joined()
    }

    /// A value of the wrong type for `id`, `q`, `t` or `timestamp`.
    private mutating func oddScalar() -> String {
        ["null", "\"yes\"", "1", "0", "true", "[]", "{}", "1e400", "\"1535488325249\""][roll(9)]
    }

    /// A JSON string literal for `text`, escaped in one of the ways JSON allows.
    private mutating func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += roll(2) == 0 ? "\\n" : "\\u000a"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "/": result += roll(2) == 0 ? "\\/" : "/"
            case _ where scalar.value < 0x20: result += "\\u" + hex4(scalar.value)
            case _ where scalar.value > 0xFFFF && roll(2) == 0:
                let value = scalar.value - 0x10000
                result += "\\u" + hex4(0xD800 + (value >> 10)) + "\\u" + hex4(0xDC00 + (value & 0x3FF))
            case _ where scalar.value >= 0x80 && roll(3) == 0 && scalar.value <= 0xFFFF: result += "\\u" + hex4(scalar.value)
            case "a" where roll(10) == 0: result += "\\u0061"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private mutating func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: roll(2) == 0)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    private mutating func space() -> String {
        ["", "", "", "", " ", "\n", "\r\n\t", "  "][roll(8)]
    }

    private mutating func roll(_ bound: Int) -> Int {
        Int(random.next() % UInt64(bound))
    }
}

/// A small seeded generator, so every run compares the same messages.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
