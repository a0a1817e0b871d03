/// DNS host-name rules shared by the hub host and the gateway host: letters, digits and hyphens
/// in dot-separated labels of 1–63 characters, 253 characters in all.
enum HostNameSyntax {
    enum Problem: Equatable, Sendable {
        case empty
        case badCharacter(Character, position: Int)
        case emptyLabel
        case labelTooLong(String)
        case hyphenAtLabelEdge(String)
        case tooLong(Int)
    }

    /// The first problem with `host`, or nil when it is a well-formed host name.
    static func problem(in host: String) -> Problem? {
        if host.isEmpty { return .empty }
        for (index, character) in host.enumerated() where !isAllowed(character) {
            return .badCharacter(character, position: index + 1)
        }
        if host.count > 253 { return .tooLong(host.count) }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return .emptyLabel }
            if label.count > 63 { return .labelTooLong(String(label)) }
            if label.hasPrefix("-") || label.hasSuffix("-") { return .hyphenAtLabelEdge(String(label)) }
        }
        return nil
    }

    static func isAllowed(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x61 && ascii <= 0x7A)
            || character == "-" || character == "."
    }

    /// The problem in words, e.g. `character ' ' at position 3 is not allowed`.
    static func describe(_ problem: Problem) -> String {
        switch problem {
        case .empty:
            return "is empty"
        case .badCharacter(let character, let position):
            return "character \(CharacterPosition.render(character)) at position \(position) is not allowed in a host name (letters, digits, '-' and '.')"
        case .emptyLabel:
            return "has an empty part between dots"
        case .labelTooLong(let label):
            return "part \"\(label.prefix(20))…\" is longer than 63 characters"
        case .hyphenAtLabelEdge(let label):
            return "part \"\(label)\" starts or ends with '-'"
        case .tooLong(let count):
            return "is \(count) characters long; a host name has at most 253"
        }
    }
}
