/// How error messages show one offending character: printable ASCII as itself in quotes,
/// anything else (control characters, non-ASCII) as its code point, so the message stays one clean line.
enum CharacterPosition {
    static func render(_ character: Character) -> String {
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
            return "'\(character)'"
        }
        let scalars = character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
        return scalars.joined(separator: " ")
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
