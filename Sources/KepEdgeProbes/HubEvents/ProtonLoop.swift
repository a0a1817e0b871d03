import CQpidProton
import Foundation

/// One Proton proactor driven on the calling thread: the AMQP protocol (framing, SASL, TLS, heartbeats) is
/// Proton's; this only dispatches its events. Pattern from apache/qpid-proton `c/examples/receive.c` and
/// `send-ssl.c` (0.37). Only `interrupt()` may be called from another thread (`pn_proactor_interrupt` is
/// thread-safe; nothing else in a proactor is).
package final class ProtonLoop: @unchecked Sendable {
    package let proactor: OpaquePointer

    package enum SASL: Sendable {
        /// SASL PLAIN over TLS: IoT Hub's own host (`<policy>@sas.root.<hub>` and an IoT Hub SAS token).
        case plain(user: String, password: String)
        /// SASL ANONYMOUS, then a CBS put-token: the Event Hub-compatible host (cloud-side.md A.3, Part C).
        case anonymous
    }

    /// Where to dial and what name the server must prove (TLS peer name, SNI and the AMQP open hostname).
    package struct Endpoint: Sendable, Equatable {
        package var serverName: String
        package var port: Int
        /// Dial this instead of `serverName` (a lab); the certificate must still carry `serverName`.
        package var dialHost: String?
        /// Extra trusted root (PEM); the system store otherwise.
        package var caFile: String?

        package init(serverName: String, port: Int, dialHost: String? = nil, caFile: String? = nil) {
            self.serverName = serverName
            self.port = port
            self.dialHost = dialHost
            self.caFile = caFile
        }
    }

    package init() {
        proactor = pn_proactor()
    }

    deinit {
        pn_proactor_free(proactor)
    }

    /// Starts a TLS (peer name verified) AMQP connection; events arrive through `run`.
    package func connect(_ endpoint: Endpoint, sasl: SASL, containerID: String) -> OpaquePointer {
        let connection: OpaquePointer = pn_connection()
        let transport: OpaquePointer = pn_transport()
        pn_connection_set_container(connection, containerID)
        // Proton takes the TLS peer name from the connection's hostname at bind time (ssl.h); it is also the SNI
        // and the AMQP open hostname, which is how the service (and the lab) tells the hub from the namespace.
        pn_connection_set_hostname(connection, endpoint.serverName)
        let domain: OpaquePointer = pn_ssl_domain(PN_SSL_MODE_CLIENT)
        if let caFile = endpoint.caFile { pn_ssl_domain_set_trusted_ca_db(domain, caFile) }
        pn_ssl_domain_set_peer_authentication(domain, PN_SSL_VERIFY_PEER_NAME, nil)
        pn_ssl_init(pn_ssl(transport), domain, nil)
        pn_ssl_set_peer_hostname(pn_ssl(transport), endpoint.serverName)
        pn_ssl_domain_free(domain)
        // Proton's built-in SASL would answer a server offering EXTERNAL with EXTERNAL: name the one mechanism (Part C).
        let saslLayer: OpaquePointer = pn_sasl(transport)
        switch sasl {
        case .plain(let user, let password):
            pn_sasl_allowed_mechs(saslLayer, "PLAIN")
            pn_connection_set_user(connection, user)
            pn_connection_set_password(connection, password)
        case .anonymous:
            pn_sasl_allowed_mechs(saslLayer, "ANONYMOUS")
        }
        var address = [CChar](repeating: 0, count: Int(PN_MAX_ADDR))
        _ = pn_proactor_addr(&address, address.count, endpoint.dialHost ?? endpoint.serverName, String(endpoint.port))
        pn_proactor_connect2(proactor, connection, transport, address)
        return connection
    }

    package enum Stop: Equatable, Sendable {
        /// The handler said it is done.
        case finished
        /// `deadline` passed first.
        case timedOut
        /// `interrupt()` was called.
        case interrupted
    }

    /// Dispatches events to `handle` until it returns false, the deadline passes or `interrupt()` is called.
    /// `tick` (if given) runs every `tickSeconds` and may end the loop by returning false.
    package func run(deadline: Date?, tickSeconds: Double = 0.5, handle: (OpaquePointer) -> Bool, tick: (() -> Bool)? = nil) -> Stop {
        func arm() {
            var wait = tick == nil ? 3_600.0 : tickSeconds
            if let deadline { wait = min(wait, max(0.001, deadline.timeIntervalSinceNow)) }
            pn_proactor_set_timeout(proactor, pn_millis_t(wait * 1000))
        }
        arm()
        while true {
            let batch = pn_proactor_wait(proactor)
            var stop: Stop?
            while stop == nil, let event = pn_event_batch_next(batch) {
                switch pn_event_type(event) {
                case PN_PROACTOR_TIMEOUT:
                    if let deadline, deadline.timeIntervalSinceNow <= 0 { stop = .timedOut; break }
                    if let tick, !tick() { stop = .finished; break }
                    arm()
                case PN_PROACTOR_INTERRUPT:
                    stop = .interrupted
                default:
                    if !handle(event) { stop = .finished }
                }
            }
            pn_proactor_done(proactor, batch)
            if let stop { return stop }
        }
    }

    /// Ends `run` from any thread.
    package func interrupt() {
        pn_proactor_interrupt(proactor)
    }

    /// The condition's name and description ("" when unset).
    package static func condition(_ condition: OpaquePointer?) -> (name: String, description: String)? {
        guard let condition, pn_condition_is_set(condition) else { return nil }
        let name = pn_condition_get_name(condition).map { String(cString: $0) } ?? ""
        let description = pn_condition_get_description(condition).map { String(cString: $0) } ?? ""
        return (name, description)
    }
}
