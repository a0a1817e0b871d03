import Foundation

/// Why reading IoT Hub's built-in endpoint failed, one case per thing the engineer does differently.
public enum HubEventsFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The host name did not resolve (DNS, or a typo in the connection string).
    case nameNotResolved(host: String)
    /// Nothing answered on the port: refused, or dropped by a firewall until the timeout.
    case portBlocked(host: String, port: Int, detail: String)
    /// The TLS handshake failed: certificate not trusted, or issued for another name.
    case tlsFailed(host: String, detail: String)
    /// SASL or CBS refused the credentials (`amqp:unauthorized-access`, CBS status 401).
    case unauthorized(step: String, detail: String)
    /// IoT Hub closed the events link without the redirect to its Event Hub-compatible endpoint.
    case noRedirect(detail: String)
    /// The `$management` read gave no partitions.
    case noPartitions(detail: String)
    /// A step did not finish in time.
    case timedOut(step: String, seconds: Int)
    /// Any other condition the service closed with.
    case closed(condition: String, detail: String)

    /// A stable id for JSON and tests.
    public var kind: String {
        switch self {
        case .nameNotResolved: "name-not-resolved"
        case .portBlocked: "port-blocked"
        case .tlsFailed: "tls-failed"
        case .unauthorized: "unauthorized"
        case .noRedirect: "no-redirect"
        case .noPartitions: "no-partitions"
        case .timedOut: "timed-out"
        case .closed: "closed"
        }
    }

    /// One line: what was seen, and what to do.
    public var description: String {
        switch self {
        case .nameNotResolved(let host):
            "\(host) does not resolve: check the hub's host name in the owner connection string and this machine's DNS"
        case .portBlocked(let host, let port, let detail):
            "nothing answers on \(host):\(port) (\(detail)): outbound AMQPS (TCP \(port)) is blocked here or the hub restricts networks;"
                + " open TCP 5671 to *.azure-devices.net and *.servicebus.windows.net, or read the endpoint over AMQP over WebSockets on 443 from a machine where only 443 is open"
        case .tlsFailed(let host, let detail):
            "TLS to \(host) failed (\(detail)): trust DigiCert Global Root G2 (and Microsoft RSA Root CA 2017) or the TLS-inspecting proxy's CA"
        case .unauthorized(let step, let detail):
            "IoT Hub refused the owner credentials at \(step) (401 unauthorized: \(detail)): copy the connection string of a policy with ServiceConnect (iothubowner or service) again"
        case .noRedirect(let detail):
            "IoT Hub did not redirect to its Event Hub-compatible endpoint (\(detail)): read it with the endpoint's own connection string (Built-in endpoints in the portal)"
        case .noPartitions(let detail):
            "the endpoint listed no partitions (\(detail))"
        case .timedOut(let step, let seconds):
            "no answer within \(seconds) s at \(step): check the network path to the hub"
        case .closed(let condition, let detail):
            "the endpoint closed the connection: \(condition)\(detail.isEmpty ? "" : ": \(detail)")"
        }
    }

    /// Whether trying again later can help (a refused key or a missing name stays refused until someone fixes it).
    public var isWorthRetrying: Bool {
        switch self {
        case .unauthorized, .nameNotResolved, .tlsFailed, .noRedirect: false
        default: true
        }
    }

    /// Reads Proton's transport or link condition (name, description) into a verdict.
    /// Proton's proactor reports socket errors as `proton:io` with getaddrinfo's or connect's words
    /// (apache/qpid-proton `c/src/proactor/epoll.c` `psocket_error`), TLS as `amqp:connection:framing-error`
    /// with "SSL Failure: …" (`c/src/ssl/openssl.c` `ssl_failed`), and a failed SASL outcome as
    /// `amqp:unauthorized-access` (`c/src/sasl/sasl.c`).
    public static func classify(condition: String, description: String, host: String, port: Int, step: String) -> HubEventsFailure {
        let lowered = description.lowercased()
        if condition == "amqp:unauthorized-access" || lowered.contains("unauthorized") || lowered.contains("authentication failed") {
            return .unauthorized(step: step, detail: description)
        }
        if lowered.contains("name or service not known") || lowered.contains("nodename nor servname") || lowered.contains("temporary failure in name resolution")
            || lowered.contains("no address associated") {
            return .nameNotResolved(host: host)
        }
        if lowered.contains("ssl failure") || lowered.contains("certificate") || lowered.contains("ssl") {
            return .tlsFailed(host: host, detail: description)
        }
        if condition == "proton:io" || lowered.contains("connection refused") || lowered.contains("timed out") || lowered.contains("unreachable") {
            return .portBlocked(host: host, port: port, detail: description)
        }
        return .closed(condition: condition, detail: description)
    }
}
