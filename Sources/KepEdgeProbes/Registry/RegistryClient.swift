import Foundation
import KepEdgeCore

/// Where and how the registry client connects.
public struct RegistryClientOptions: Sendable {
    /// `host:port` to connect to instead of the hub (the lab's fake on 127.0.0.1); the SAS audience stays the hub.
    public var endpointOverride: (host: String, port: Int)?
    /// An extra trusted root (PEM), e.g. a TLS-inspecting proxy's CA or the fake hub's CA.
    public var extraRootFile: String?
    public var connectTimeout: Int = 10
    public var readTimeout: Int = 20
    /// How long the service SAS lives (the az CLI uses 10 minutes).
    public var tokenLifetime: Int = 600
    /// 429: at most this many retries, each waiting Retry-After (capped at `maxRetryWait` seconds).
    public var maxThrottleRetries: Int = 3
    public var maxRetryWait: Int = 30
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init() {}
}

/// The IoT Hub registry REST API, signed with a hub-owner (service) SAS with `skn`.
public final class RegistryClient: Sendable {
    public let hub: IoTHubHost
    private let owner: HubOwnerConnectionString
    private let options: RegistryClientOptions
    private let transport: HTTPTransport
    private let baseURL: String

    public init(owner: HubOwnerConnectionString, options: RegistryClientOptions = RegistryClientOptions()) throws(RegistryFailure) {
        self.hub = owner.hub
        self.owner = owner
        self.options = options
        let host = options.endpointOverride?.host ?? owner.hub.hostName
        let port = options.endpointOverride?.port ?? 443
        self.baseURL = "https://\(host):\(port)"
        do {
            transport = try HTTPTransport(trust: .systemStore(extraRootFile: options.extraRootFile), target: host, port: port,
                                          environment: options.environment,
                                          connectTimeout: options.connectTimeout, readTimeout: options.readTimeout)
        } catch {
            throw Self.failure(from: error, endpoint: "https://\(host):\(port)", hub: owner.hub.hostName)
        }
    }

    public func shutdown() async { await transport.shutdown() }

    /// The device with its keys.
    public func device(_ id: String, what: String? = nil) async throws(RegistryFailure) -> RegistryDevice {
        let exchange = try await send(.getDevice(id), what: what ?? "device \(id)")
        return try decode(RegistryDevice.self, exchange)
    }

    /// Creates a device (fails with `.conflict` when it exists).
    public func create(_ device: RegistryDevice) async throws(RegistryFailure) -> RegistryDevice {
        let request: RegistryRequest
        do { request = try .createDevice(device) } catch { throw RegistryFailure.notJSON(status: 0, hub: hub.hostName, endpoint: baseURL) }
        return try decode(RegistryDevice.self, try await send(request, what: "device \(device.deviceId)"))
    }

    /// Updates a device read with `etag` (fails with `.preconditionFailed` when it changed since).
    public func update(_ device: RegistryDevice, etag: String) async throws(RegistryFailure) -> RegistryDevice {
        let request: RegistryRequest
        do { request = try .updateDevice(device, etag: etag) } catch { throw RegistryFailure.notJSON(status: 0, hub: hub.hostName, endpoint: baseURL) }
        return try decode(RegistryDevice.self, try await send(request, what: "device \(device.deviceId)"))
    }

    /// edgeHub's routes from the edge device's `$edgeHub` module twin.
    public func edgeHubRoutes(edgeDevice: String) async throws(RegistryFailure) -> EdgeHubRoutes {
        let exchange = try await send(.edgeHubTwin(edgeDevice: edgeDevice), what: "$edgeHub module on edge device \(edgeDevice)")
        guard let routes = EdgeHubRoutes(twinJSON: exchange.body) else {
            throw RegistryFailure.notJSON(status: exchange.status, hub: hub.hostName, endpoint: baseURL)
        }
        return routes
    }

    /// Sends with a fresh service SAS; retries 429 honouring Retry-After (bounded); maps errors to words.
    func send(_ request: RegistryRequest, what: String) async throws(RegistryFailure) -> HTTPExchange {
        var attempt = 0
        while true {
            let token = SASToken.generate(resourceURI: hub.hostName, key: owner.key,
                                          expiry: Int(Date().timeIntervalSince1970) + options.tokenLifetime,
                                          policyName: owner.policyName)
            var headers = [("Authorization", token.value.revealed), ("Accept", "application/json"),
                           ("User-Agent", "kepedge/\(KepEdgeVersion.current)")]
            if request.body != nil { headers.append(("Content-Type", "application/json; charset=utf-8")) }
            if let ifMatch = request.ifMatch { headers.append(("If-Match", ifMatch)) }
            let exchange: HTTPExchange
            do {
                exchange = try await transport.send(method: request.method.rawValue, url: baseURL + request.pathAndQuery,
                                                    headers: headers, body: request.body)
            } catch {
                throw Self.failure(from: error, endpoint: baseURL, hub: hub.hostName)
            }
            if exchange.status == 200 { return exchange }
            if exchange.status == 429, attempt < options.maxThrottleRetries {
                attempt += 1
                let wait = RetryAfter.seconds(exchange.header("Retry-After"), attempt: attempt, cap: options.maxRetryWait)
                try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                continue
            }
            guard let body = RegistryErrorBody(json: exchange.body) else {
                if exchange.status == 401 || exchange.status == 404 || exchange.status == 429 || exchange.body.isEmpty {
                    throw RegistryFailure.from(status: exchange.status, body: nil, what: what, hub: hub.hostName)
                }
                throw RegistryFailure.notJSON(status: exchange.status, hub: hub.hostName, endpoint: baseURL)
            }
            throw RegistryFailure.from(status: exchange.status, body: body, what: what, hub: hub.hostName)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ exchange: HTTPExchange) throws(RegistryFailure) -> T {
        do { return try JSONDecoder().decode(type, from: exchange.body) } catch {
            throw RegistryFailure.notJSON(status: exchange.status, hub: hub.hostName, endpoint: baseURL)
        }
    }

    static func failure(from error: HTTPTransportFailure, endpoint: String, hub: String) -> RegistryFailure {
        switch error {
        case .timeout(let seconds): return .timeout(endpoint: endpoint, seconds: seconds)
        case .nameResolution(let host): return .nameResolution(host: host)
        case .tls(let reason): return .tls(endpoint: endpoint, reason: reason)
        case .connection(let reason): return .connection(endpoint: endpoint, reason: reason)
        case .badProxy(let problem):
            return RegistryFailure(kind: .connection, headline: "the proxy setting \(problem.variable) cannot be used (\(problem.reason))",
                                   fix: "fix or unset \(problem.variable)")
        }
    }
}

/// `Retry-After` in seconds (IoT Hub sends delta-seconds); without one, 1 s doubling per attempt. Capped.
public enum RetryAfter {
    public static func seconds(_ header: String?, attempt: Int, cap: Int) -> Double {
        if let header, let value = Double(header.trimmingCharacters(in: .whitespaces)), value >= 0 {
            return min(value, Double(cap))
        }
        return min(Double(1 << min(attempt - 1, 10)), Double(cap))
    }
}
