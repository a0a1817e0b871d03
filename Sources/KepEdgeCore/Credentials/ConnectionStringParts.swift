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
                throw .unknownPart(name: ConnectionStringParts.printable(name))
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

    /// An unknown name is echoed so the user can find it; capped and cleaned so a pasted blob stays short.
    private static func printable(_ name: String) -> String {
        let cleaned = String(name.map { $0.isASCII && !$0.isWhitespace || $0 == " " ? $0 : "?" })
        return cleaned.count > 40 ? String(cleaned.prefix(40)) + "…" : cleaned
    }
}
