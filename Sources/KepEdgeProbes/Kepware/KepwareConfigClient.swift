import Foundation
import KepEdgeCore
import NIOSSL

/// How to trust the Configuration API's HTTPS certificate (usually Kepware's self-signed instance certificate).
public enum KepwareTrust: Sendable {
    /// Plain HTTP (port 57412); the password travels in clear on the wire.
    case plainHTTP
    /// The certificate in this file (PEM or DER): pinned by SHA-256 when it is the one the server presents,
    /// otherwise a CA the server's certificate must chain to for the host name connected to.
    case certificateFile(String)
    /// Trust the server's certificate only when its SHA-256 fingerprint is this one (the user confirmed it).
    case fingerprint(String)
}

/// The Kepware Configuration API (`/config/v1`), Basic auth, with the rules of §1 of the Kepware reference.
public final class KepwareConfigClient: Sendable {
    public let endpoint: KepwareEndpoint
    public let user: String
    private let password: Secret
    private let transport: HTTPTransport

    public init(endpoint: KepwareEndpoint, user: String, password: Secret, trust: KepwareTrust,
                environment: [String: String] = [:], connectTimeout: Int = 5, readTimeout: Int = 15) async throws(KepwareAPIFailure) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        let httpTrust: HTTPTrust
        switch trust {
        case .plainHTTP:
            httpTrust = .plainHTTP
        case .certificateFile(let path):
            // Issue 17: the file's certificate used to become the only root with host-name checking off, so
            // any server its issuer signed got the password. Now: the server's own certificate, pinned by
            // SHA-256, or a CA verified with the host name; never both checks off.
            let fileCertificate: NIOSSLCertificate
            do { fileCertificate = try CertificateFingerprint.load(file: path) } catch {
                throw KepwareAPIFailure(kind: .tls, headline: "\(path) is not a readable PEM or DER certificate (\(error))", fix: "export Kepware's instance certificate (Administration > Settings > Configuration API) and give its file")
            }
            let seen: CertificateFingerprint.Seen
            do { seen = try await CertificateFingerprint.fetch(host: endpoint.host, port: endpoint.port, timeoutSeconds: connectTimeout) } catch {
                throw KepwareAPIFailure(kind: .connection, headline: "could not read the certificate of \(endpoint.baseURL) (\(error))", fix: "check that the Configuration API has HTTPS enabled on port \(endpoint.port)")
            }
            if let pinned = try? CertificateFingerprint.sha256(of: fileCertificate), pinned == seen.fingerprint {
                httpTrust = .pinned(seen.certificate)
            } else {
                httpTrust = .issuedBy(fileCertificate)
            }
        case .fingerprint(let expected):
            let seen: CertificateFingerprint.Seen
            do { seen = try await CertificateFingerprint.fetch(host: endpoint.host, port: endpoint.port, timeoutSeconds: connectTimeout) } catch {
                throw KepwareAPIFailure(kind: .connection, headline: "could not read the certificate of \(endpoint.baseURL) (\(error))", fix: "check that the Configuration API has HTTPS enabled on port \(endpoint.port)")
            }
            guard CertificateFingerprint.normalize(expected) == seen.fingerprint else {
                throw KepwareAPIFailure(kind: .fingerprintMismatch,
                    headline: "the certificate of \(endpoint.baseURL) has SHA-256 fingerprint \(seen.fingerprint), not the one given",
                    fix: "compare it with Kepware's instance certificate on the Kepware machine; if it is not Kepware's, someone else is answering")
            }
            httpTrust = .pinned(seen.certificate)
        }
        // The Configuration API is on the plant network: no proxy unless the user's environment says so.
        do {
            transport = try HTTPTransport(trust: httpTrust, target: endpoint.host, port: endpoint.port, environment: environment,
                                          connectTimeout: connectTimeout, readTimeout: readTimeout)
        } catch {
            throw Self.failure(from: error, endpoint: endpoint)
        }
    }

    public func shutdown() async { await transport.shutdown() }

    /// `GET /about` answers: the API is there and the credentials work.
    public func about() async throws(KepwareAPIFailure) -> JSONValue {
        try json(try await send("GET", KepwarePaths.about, what: "product information (/about)"))
    }

    /// Whether the IoT Gateway plug-in is installed: its type definition lists `mqtt_clients`.
    public func hasIoTGateway() async throws(KepwareAPIFailure) -> Bool {
        do {
            let definition = try json(try await send("GET", KepwarePaths.iotGatewayTypeDefinition, what: "IoT Gateway plug-in"))
            if case .array(let children)? = definition["child_collections"] {
                return children.contains(.string("mqtt_clients"))
            }
            return false
        } catch where error.kind == .notFound {
            return false
        }
    }

    /// The project's current `PROJECT_ID`, which every PUT must carry.
    public func projectID() async throws(KepwareAPIFailure) -> Int {
        let project = try json(try await send("GET", KepwarePaths.project, what: "project"))
        guard case .int(let id)? = project[KepwarePropertyKey.projectID] else {
            throw KepwareAPIFailure(kind: .notJSON, headline: "Kepware's /project answer has no PROJECT_ID", fix: "check that this is a KEPServerEX Configuration API")
        }
        return id
    }

    /// The agent as Kepware has it, nil when there is none.
    public func agent(_ name: String) async throws(KepwareAPIFailure) -> JSONValue? {
        do { return try json(try await send("GET", KepwarePaths.agent(name), what: "MQTT agent '\(name)'")) } catch where error.kind == .notFound { return nil }
    }

    /// POST a new agent (201).
    public func createAgent(_ body: JSONValue) async throws(KepwareAPIFailure) {
        _ = try await send("POST", KepwarePaths.mqttClients, body: body, what: "new MQTT agent")
    }

    /// PUT changes to an agent with the current PROJECT_ID (read just before).
    public func updateAgent(_ name: String, changes: JSONValue) async throws(KepwareAPIFailure) {
        var members: [String: JSONValue] = [:]
        if case .object(let given) = changes { members = given }
        members.removeValue(forKey: KepwarePropertyKey.forceUpdate)
        members[KepwarePropertyKey.projectID] = .int(try await projectID())
        _ = try await send("PUT", KepwarePaths.agent(name), body: .object(members), what: "MQTT agent '\(name)'")
    }

    /// POST a list of IoT items; each failure of a 207 answer is returned, not hidden.
    public func addItems(agent: String, items: [KepwareIoTItem]) async throws(KepwareAPIFailure) -> [KepwareMultiStatus.Result] {
        let exchange = try await send("POST", KepwarePaths.items(agent: agent), body: .array(items.map(\.configurationAPIBody)),
                                      what: "IoT items of '\(agent)'")
        if exchange.status == 207 {
            guard let status = KepwareMultiStatus(json: exchange.body) else {
                throw KepwareAPIFailure(kind: .notJSON, headline: "Kepware's 207 answer for the IoT items is not a list of results", fix: "read the items back in Kepware and check them")
            }
            return status.results
        }
        return items.map { KepwareMultiStatus.Result(name: $0.name, code: 201, message: nil) }
    }

    /// Event-log entries from `start` (UTC), at most `limit`.
    public func eventLog(limit: Int, start: Date?) async throws(KepwareAPIFailure) -> [KepwareEventLogEntry] {
        let exchange = try await send("GET", KepwarePaths.eventLog(limit: limit, start: start), what: "event log")
        do { return try JSONDecoder().decode([KepwareEventLogEntry].self, from: exchange.body) } catch {
            throw KepwareAPIFailure(kind: .notJSON, headline: "Kepware's event log answer is not a list of entries", fix: "check that this is a KEPServerEX Configuration API")
        }
    }

    func send(_ method: String, _ path: String, body: JSONValue? = nil, what: String) async throws(KepwareAPIFailure) -> HTTPExchange {
        var headers = [("Authorization", "Basic " + Data("\(user):\(password.revealed)".utf8).base64EncodedString()),
                       ("Accept", "application/json")]
        var data: Data?
        if let body {
            headers.append(("Content-Type", "application/json"))
            data = try? JSONEncoder().encode(body)
        }
        let exchange: HTTPExchange
        do { exchange = try await transport.send(method: method, url: endpoint.baseURL + path, headers: headers, body: data) } catch {
            throw Self.failure(from: error, endpoint: endpoint)
        }
        if (200..<300).contains(exchange.status) { return exchange }
        let message = (try? JSONDecoder().decode(JSONValue.self, from: exchange.body))?["message"]?.stringValue
        throw KepwareAPIFailure.from(status: exchange.status, message: message, what: what, user: user)
    }

    private func json(_ exchange: HTTPExchange) throws(KepwareAPIFailure) -> JSONValue {
        do { return try JSONDecoder().decode(JSONValue.self, from: exchange.body) } catch {
            throw KepwareAPIFailure(kind: .notJSON, headline: "the answer from \(endpoint.baseURL) (HTTP \(exchange.status)) is not JSON",
                                    fix: "check --kepware-host and --kepware-port point at the Configuration API (57412 HTTP, 57512 HTTPS), not another web server")
        }
    }

    static func failure(from error: HTTPTransportFailure, endpoint: KepwareEndpoint) -> KepwareAPIFailure {
        switch error {
        case .timeout(let seconds):
            return KepwareAPIFailure(kind: .timeout, headline: "no answer from \(endpoint.baseURL) within \(seconds) s", fix: "check the Kepware machine is reachable and its firewall allows port \(endpoint.port)")
        case .nameResolution(let host):
            return KepwareAPIFailure(kind: .connection, headline: "the name \(host) does not resolve", fix: "use the Kepware machine's IPv4 address")
        case .tls(let reason):
            return KepwareAPIFailure(kind: .tls, headline: "the certificate of \(endpoint.baseURL) was not accepted (\(reason))", fix: "give Kepware's instance certificate with --kepware-ca FILE or confirm its fingerprint with --kepware-fingerprint")
        case .connection(let reason):
            return KepwareAPIFailure(kind: .connection, headline: "could not connect to \(endpoint.baseURL) (\(reason))",
                                     fix: "enable the Configuration API (Administration > Settings > Configuration API: Enable = Yes\(endpoint.https ? "" : ", Enable HTTP = Yes")) and check the port")
        case .badProxy(let problem):
            return KepwareAPIFailure(kind: .connection, headline: "the proxy setting \(problem.variable) cannot be used (\(problem.reason))", fix: "fix or unset \(problem.variable)")
        }
    }
}
