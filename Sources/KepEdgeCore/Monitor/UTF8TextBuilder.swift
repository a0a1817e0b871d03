/// Builds one line of text from many pieces by copying their UTF-8 bytes into one buffer.
///
/// `String +=` checks and re-plans its storage on every piece (about 300 instructions a piece under callgrind);
/// the message pane and `kepedge monitor` join a dozen pieces per message, for every message a fast agent
/// publishes. Copying bytes is a memcpy; the String is made once, at the end.
public struct UTF8TextBuilder {
    private var bytes: [UInt8] = []

    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func append(_ text: Substring) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A whole number in decimal.
    public mutating func append(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// `byte`, repeated `count` times (padding).
    public mutating func append(repeating byte: UInt8, count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(byte, count: count)) }
    }

    /// The text so far. Every piece was valid UTF-8 on its own, so the whole is.
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }
}
