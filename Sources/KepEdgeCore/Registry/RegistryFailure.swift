import Foundation

/// Why a registry call failed, in words an engineer can act on: a headline and the fix.
public struct RegistryFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case unauthorized, notFound, conflict, preconditionFailed, throttled, timeout, nameResolution, tls, connection, notJSON, unexpectedStatus
    }

    public let kind: Kind
    public let headline: String
    public let fix: String
    /// HTTP status when there was an answer.
    public let status: Int?

    public init(kind: Kind, headline: String, fix: String, status: Int? = nil) {
        self.kind = kind
        self.headline = headline
        self.fix = fix
        self.status = status
    }

    public var description: String { "\(headline); \(fix)" }

    /// Maps an answer's status and IoT Hub error body to words. `what` names the thing asked for
    /// (e.g. "device kepware-01", "edge device gw-01"), `hub` the hub host name.
    public static func from(status: Int, body: RegistryErrorBody?, what: String, hub: String) -> RegistryFailure {
        let code = body?.errorCode.map { " (\($0))" } ?? ""
        switch status {
        case 401:
            return RegistryFailure(kind: .unauthorized,
                headline: "IoT Hub \(hub) refused the hub-owner credentials\(code)",
                fix: "check the connection string's SharedAccessKeyName and SharedAccessKey (Azure portal > IoT Hub > Shared access policies, a policy with Registry write), and that this machine's clock is right (tokens are checked with 5 minutes' tolerance)",
                status: status)
        case 403:
            return RegistryFailure(kind: .unauthorized,
                headline: "IoT Hub \(hub) says the policy may not do this\(code)",
                fix: "use a shared access policy with Registry read and Registry write (iothubowner or registryReadWrite)",
                status: status)
        case 404:
            return RegistryFailure(kind: .notFound,
                headline: "IoT Hub \(hub) has no \(what)\(code)",
                fix: "check the id (ids are case-sensitive) and that it is registered in this hub: az iot hub device-identity list -n \(hubName(hub)) -o table",
                status: status)
        case 409:
            return RegistryFailure(kind: .conflict,
                headline: "\(what) already exists in \(hub)\(code)",
                fix: "kepedge reads the existing device instead; if this persists, delete or rename the device",
                status: status)
        case 412:
            return RegistryFailure(kind: .preconditionFailed,
                headline: "\(what) changed while kepedge was updating it (etag mismatch)\(code)",
                fix: "someone else edited it at the same moment; run the command again",
                status: status)
        case 429:
            return RegistryFailure(kind: .throttled,
                headline: "IoT Hub \(hub) is throttling registry calls\(code)",
                fix: "wait a minute and run the command again; other tools on this hub may be using the registry quota",
                status: status)
        default:
            let detail = body?.message.map { ": \($0.prefix(160))" } ?? ""
            return RegistryFailure(kind: .unexpectedStatus,
                headline: "IoT Hub \(hub) answered HTTP \(status) for \(what)\(code)\(detail)",
                fix: status >= 500 ? "the service had a problem; try again in a few minutes" : "check the hub name and the ids",
                status: status)
        }
    }

    /// The answer was not JSON (often a captive portal, a proxy's error page, or the wrong endpoint).
    public static func notJSON(status: Int, hub: String, endpoint: String) -> RegistryFailure {
        RegistryFailure(kind: .notJSON,
            headline: "the answer from \(endpoint) (HTTP \(status)) is not IoT Hub's JSON",
            fix: "check --registry-endpoint and any proxy (https_proxy); a proxy or firewall page may be answering instead of \(hub)",
            status: status)
    }

    public static func timeout(endpoint: String, seconds: Int) -> RegistryFailure {
        RegistryFailure(kind: .timeout,
            headline: "no answer from \(endpoint) within \(seconds) s",
            fix: "check outbound HTTPS (443) to the hub from this machine, or set https_proxy if the site needs a proxy")
    }

    public static func nameResolution(host: String) -> RegistryFailure {
        RegistryFailure(kind: .nameResolution,
            headline: "the name \(host) does not resolve",
            fix: "check the hub name and this machine's DNS (try: getent hosts \(host))")
    }

    public static func tls(endpoint: String, reason: String) -> RegistryFailure {
        RegistryFailure(kind: .tls,
            headline: "the TLS certificate of \(endpoint) was not accepted (\(reason))",
            fix: "a proxy may be intercepting HTTPS: give its CA with --registry-ca FILE; never turn verification off")
    }

    public static func connection(endpoint: String, reason: String) -> RegistryFailure {
        RegistryFailure(kind: .connection,
            headline: "could not connect to \(endpoint) (\(reason))",
            fix: "check outbound HTTPS (443) to the hub and any proxy settings (https_proxy, no_proxy)")
    }

    private static func hubName(_ hub: String) -> String {
        hub.split(separator: ".").first.map(String.init) ?? hub
    }
}
