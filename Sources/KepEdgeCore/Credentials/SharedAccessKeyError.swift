import Foundation

/// Why a shared access key was refused. Never includes the key or any part of it.
public enum SharedAccessKeyError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case empty
    /// The text is not standard base64 with `=` padding; `reason` says where, without quoting it.
    case notBase64(reason: String)

    public var description: String {
        switch self {
        case .empty:
            return "the shared access key is empty; copy the device's primary key from the portal or the connection string"
        case .notBase64(let reason):
            return "the shared access key is not valid base64 (\(reason)); copy the whole primary key again, it ends with '='"
        }
    }

    public var errorDescription: String? { description }
}
