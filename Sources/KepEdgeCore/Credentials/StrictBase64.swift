import Foundation

/// Standard base64 with padding, as the Azure SDKs and edgeHub (`Convert.FromBase64String`) decode keys.
/// Lenient decoders accept `key`; this one does not, so a truncated key is caught before it signs anything.
enum StrictBase64 {
    /// The bytes, or why the text is not strict base64 (without quoting it: it may be a key).
    static func decode(_ text: String) -> Result<Data, SharedAccessKeyError> {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return .failure(.empty) }
        let padding = bytes.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "=") {
                if index < bytes.count - padding {
                    return .failure(.notBase64(reason: "'=' at position \(index + 1) before the end"))
                }
            } else if !isAlphabet(byte) {
                return .failure(.notBase64(reason: "character at position \(index + 1) is not a base64 character"))
            }
        }
        if padding > 2 { return .failure(.notBase64(reason: "more than two '=' at the end")) }
        if bytes.count % 4 != 0 {
            return .failure(.notBase64(reason: "its length, \(bytes.count), is not a multiple of 4: it looks truncated"))
        }
        guard let data = Data(base64Encoded: text), !data.isEmpty else {
            return .failure(.notBase64(reason: "it does not decode"))
        }
        return .success(data)
    }

    private static func isAlphabet(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
    }
}
