import Foundation

/// Why a token lifetime such as `30d` was refused.
public enum TokenLifetimeError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case notALifetime(String)
    case notPositive(String)
    case tooLong(String)

    public var description: String {
        switch self {
        case .notALifetime(let text):
            return "\"\(text.prefix(40))\" is not a lifetime; use a whole number with d, h, m or s, e.g. 30d, 12h, 90m, 3600s"
        case .notPositive(let text):
            return "\"\(text)\" is not a usable lifetime; it must be more than zero"
        case .tooLong(let text):
            return "\"\(text.prefix(40))\" is longer than \(TokenLifetime.maximumDays) days; choose a lifetime you will actually renew"
        }
    }

    public var errorDescription: String? { description }
}
