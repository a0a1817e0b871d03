import Foundation

/// Why a SAS token could not be read. Never quotes the signature.
public enum SASTokenError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case empty
    /// The token must be `SharedAccessSignature` followed by one space and the fields.
    case notASharedAccessSignature
    /// More than the two whitespace-separated parts edgeHub accepts.
    case unexpectedWhitespace
    /// Two spaces (or a tab and a space…) after `SharedAccessSignature`: .NET's `Split()` keeps the empty part.
    case doubledSpace
    /// The token as pasted starts or ends with white space (e.g. "ends with a line break").
    case surroundingWhitespace(String)
    /// The n-th `&`-separated field (from 1) has no `=`.
    case fieldWithoutEquals(index: Int)
    case missingField(String)
    case emptyField(String)
    case duplicateField(String)
    /// A raw `=` inside a value: edgeHub keeps only the text before it, so the value would be cut short.
    case unencodedEquals(field: String)
    /// `sr` or `sig` has a malformed `%` escape.
    case badPercentEncoding(field: String)
    /// `se` is not a whole number of seconds since 1970.
    case badExpiry(String)
    /// `se` past 9999-12-31: edgeHub's DateTime cannot hold it and refuses the token.
    case expiryBeyondYear9999(String)

    public var description: String {
        switch self {
        case .empty:
            return "the SAS token is empty"
        case .notASharedAccessSignature:
            return "not a SAS token: it must start with 'SharedAccessSignature sr=' (copy the whole token, including that word)"
        case .unexpectedWhitespace:
            return "the SAS token has a space inside it; it must be 'SharedAccessSignature' followed by one space and sr=…&sig=…&se=… with no other spaces"
        case .doubledSpace:
            return "the SAS token has more than one space after 'SharedAccessSignature'; edgeHub splits the password at every white-space character and refuses it (CONNACK 5): keep exactly one space"
        case .surroundingWhitespace(let what):
            return "the SAS token \(what); edgeHub splits the password at every white-space character and refuses it (CONNACK 5): paste it as one line without it"
        case .fieldWithoutEquals(let index):
            return "field \(index) of the SAS token has no '=' (expected sr=…&sig=…&se=…)"
        case .missingField(let name):
            return "the SAS token has no \(name) field"
        case .emptyField(let name):
            return "the SAS token's \(name) field is empty"
        case .duplicateField(let name):
            return "the SAS token has \(name) twice"
        case .unencodedEquals(let field):
            return "the SAS token's \(field) field contains a raw '='; edgeHub cuts the value there, so it must be percent-encoded as %3D"
        case .badPercentEncoding(let field):
            return "the SAS token's \(field) field has a malformed %-escape"
        case .badExpiry(let text):
            return "the SAS token's se field \"\(text.prefix(30))\" is not a whole number of seconds since 1970"
        case .expiryBeyondYear9999(let text):
            return "the SAS token's se field \"\(text.prefix(30))\" is after the year 9999, which edgeHub refuses; generate a token with 'kepedge sas --ttl 30d'"
        }
    }

    public var errorDescription: String? { description }
}
