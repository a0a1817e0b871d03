import Foundation

/// Why a secret could not be read from a file or standard input. Never includes the content.
public enum SecretInputError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case notFound(path: String)
    case isADirectory(path: String)
    case notReadable(path: String, reason: String)
    case tooLarge(source: String, limit: Int)
    case notText(source: String)
    case empty(source: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file"
        case .isADirectory(let path): return "\(path) is a directory, not a file"
        case .notReadable(let path, let reason): return "\(path) cannot be read: \(reason)"
        case .tooLarge(let source, let limit): return "\(source) holds more than \(limit / 1024) KiB; it should hold one key or token"
        case .notText(let source): return "\(source) is not UTF-8 text"
        case .empty(let source): return "\(source) is empty"
        }
    }

    public var errorDescription: String? { description }
}
