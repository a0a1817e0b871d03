/// An IoT Hub device id: 1–128 characters, ASCII letters and digits plus `- . % _ * ? ! ( ) , : = @ $ '`.
/// Case-sensitive. `+` and `#` are refused: current IoT Hub documentation no longer supports them.
public struct DeviceID: Hashable, Codable, Sendable, CustomStringConvertible {
    public static let maximumLength = 128
    /// The punctuation IoT Hub accepts in a device id, in the order the documentation lists it.
    public static let allowedPunctuation: [Character] = ["-", ".", "%", "_", "*", "?", "!", "(", ")", ",", ":", "=", "@", "$", "'"]

    public let rawValue: String

    /// Validates `input` exactly as given (no trimming: a device id with a stray space is a different id).
    public init(validating input: String) throws(DeviceIDError) {
        if input.isEmpty { throw .empty }
        for (index, character) in input.enumerated() where !DeviceID.isAllowed(character) {
            throw .characterNotAllowed(id: input, character: character, position: index + 1)
        }
        if input.count > DeviceID.maximumLength { throw .tooLong(length: input.count) }
        self.rawValue = input
    }

    static func isAllowed(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        let isAlphanumeric = (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x61 && ascii <= 0x7A)
        return isAlphanumeric || allowedPunctuation.contains(character)
    }

    public var description: String { rawValue }

    /// Encoded as the plain id; decoding validates it again.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(validating: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
