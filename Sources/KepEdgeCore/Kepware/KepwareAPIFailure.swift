/// Why a Kepware Configuration API call failed, in words: a headline and the fix.
public struct KepwareAPIFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case unauthorized, notFound, badRequest, partialFailure, notJSON, timeout, connection, tls, fingerprintMismatch, noIoTGateway, unexpectedStatus
    }
    public let kind: Kind
    public let headline: String
    public let fix: String

    public init(kind: Kind, headline: String, fix: String) {
        self.kind = kind
        self.headline = headline
        self.fix = fix
    }

    public var description: String { "\(headline); \(fix)" }

    /// Maps a status and Kepware's `message` (when the body had one) to words.
    public static func from(status: Int, message: String?, what: String, user: String) -> KepwareAPIFailure {
        let said = message.map { ": \($0.prefix(200))" } ?? ""
        switch status {
        case 401:
            return KepwareAPIFailure(kind: .unauthorized, headline: "Kepware refused user \(user) (HTTP 401)",
                fix: "check the user and password in Kepware's User Manager (Administration > User Manager); the user needs Configuration API rights")
        case 403:
            return KepwareAPIFailure(kind: .unauthorized, headline: "user \(user) may not change \(what) (HTTP 403)\(said)",
                fix: "give the user's group the Configuration API permissions in the User Manager")
        case 404:
            return KepwareAPIFailure(kind: .notFound, headline: "Kepware has no \(what) (HTTP 404)\(said)",
                fix: "check the name; is the IoT Gateway plug-in installed and licensed?")
        case 400:
            return KepwareAPIFailure(kind: .badRequest, headline: "Kepware rejected the request for \(what) (HTTP 400)\(said)",
                fix: "the message above names the property; correct it and run again")
        default:
            return KepwareAPIFailure(kind: .unexpectedStatus, headline: "Kepware answered HTTP \(status) for \(what)\(said)",
                fix: "check the Configuration API's own log (GET /config/v1/log) and try again")
        }
    }
}
