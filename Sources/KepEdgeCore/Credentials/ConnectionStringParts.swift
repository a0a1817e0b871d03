/// The `Name=value;Name=value` syntax shared by IoT Hub connection strings.
/// Names match case-insensitively and come back in their canonical spelling; a value may contain `=`
/// (base64 padding), so each piece is split at its first `=`.
struct ConnectionStringParts {
    private(set) var values: [String: String] = [:]

    init(parsing text: String, knownNames: [String]) throws(ConnectionStringError) {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { throw .empty }
        let pieces = trimmed.split(separator: ";", omittingEmptySubsequences: false)
        for (offset, piece) in pieces.enumerated() {
            if piece.allSatisfy(\.isWhitespace) { continue }  // "a=b;" and "a=b;;c=d"
            guard let equals = piece.firstIndex(of: "=") else { throw .pieceWithoutEquals(index: offset + 1) }
            let name = String(piece[..<equals]).trimmingWhitespace()
            let value = String(piece[piece.index(after: equals)...]).trimmingWhitespace()
            guard let canonical = knownNames.first(where: { $0.lowercased() == name.lowercased() }) else {
                // Echo the name only when it looks like one: a pasted key must never reach an error message.
                throw ConnectionStringParts.looksLikeAName(name) ? .unknownPart(name: name) : .unrecognisedPiece(index: offset + 1)
            }
            if values[canonical] != nil { throw .duplicatePart(name: canonical) }
            values[canonical] = value
        }
    }

    /// The value of a required part.
    func required(_ name: String) throws(ConnectionStringError) -> String {
        guard let value = values[name] else { throw .missing(part: name) }
        if value.isEmpty { throw .emptyValue(part: name) }
        return value
    }

    private static func looksLikeAName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter, text.count <= 32 else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
