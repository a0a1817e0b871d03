import Foundation

/// Where edgeHub's metrics can be read from the host, and how that address was found.
public struct EdgeHubMetricsEndpoint: Equatable, Sendable, Codable {
    public enum Origin: String, Equatable, Sendable, Codable {
        /// `--edgehub-metrics URL`.
        case given
        /// A host port mapped to edgeHub's 9600 in its createOptions (`HostConfig.PortBindings`).
        case mappedPort
        /// edgeHub's address on its Docker network (`NetworkSettings.Networks[…].IPAddress`), port 9600.
        case containerAddress
    }

    public var url: String
    public var origin: Origin

    public init(url: String, origin: Origin) {
        self.url = url
        self.origin = origin
    }

    /// "the container address on azure-iot-edge", for the line saying which endpoint was used.
    public var wording: String {
        switch origin {
        case .given: "given with --edgehub-metrics"
        case .mappedPort: "edgeHub's 9600 mapped to the host in its createOptions"
        case .containerAddress: "edgeHub's address on its Docker network"
        }
    }
}

/// What `docker inspect edgeHub` says about reaching edgeHub's metrics: candidate URLs, and reasons none may answer.
/// Fields: Docker Engine API `GET /containers/{id}/json` (https://docs.docker.com/reference/api/engine/);
/// network `azure-iot-edge` (Azure/iotedge `doc/networking.md`); port 9600 and `httpSettings__enabled`
/// (MicrosoftDocs/azure-docs `articles/iot-edge/how-to-access-built-in-metrics.md`).
public struct EdgeHubContainerInspection: Equatable, Sendable {
    public var running: Bool
    /// `State.Status`: running, exited, restarting, …
    public var status: String
    /// Network name to IP address, `azure-iot-edge` first.
    public var addresses: [(network: String, ip: String)]
    /// Host ports bound to the container's 9600/tcp.
    public var mappedPorts: [Int]
    /// `httpSettings__enabled=false` in the container's environment: edgeHub serves no HTTP, metrics included.
    public var httpDisabled: Bool

    public static let network = "azure-iot-edge"

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.running == rhs.running && lhs.status == rhs.status && lhs.mappedPorts == rhs.mappedPorts && lhs.httpDisabled == rhs.httpDisabled
            && lhs.addresses.map(\.network) == rhs.addresses.map(\.network) && lhs.addresses.map(\.ip) == rhs.addresses.map(\.ip)
    }

    /// Parses `docker inspect edgeHub`'s output (a JSON array of one container); nil when it is not that.
    public init?(dockerInspectJSON data: Data) {
        guard let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]], let container = array.first else { return nil }
        let state = container["State"] as? [String: Any] ?? [:]
        running = state["Running"] as? Bool ?? false
        status = state["Status"] as? String ?? (running ? "running" : "unknown")
        let networks = (container["NetworkSettings"] as? [String: Any])?["Networks"] as? [String: Any] ?? [:]
        addresses = networks.compactMap { name, value in
            guard let ip = (value as? [String: Any])?["IPAddress"] as? String, !ip.isEmpty else { return nil }
            return (name, ip)
        }.sorted { ($0.network == Self.network ? 0 : 1, $0.network) < ($1.network == Self.network ? 0 : 1, $1.network) }
        let bindings = ((container["HostConfig"] as? [String: Any])?["PortBindings"] as? [String: Any])?["\(EdgeHubMetricNames.defaultPort)/tcp"] as? [[String: Any]] ?? []
        mappedPorts = bindings.compactMap { ($0["HostPort"] as? String).flatMap(Int.init) }
        let environment = (container["Config"] as? [String: Any])?["Env"] as? [String] ?? []
        // .NET configuration keys are case-insensitive (`HttpSettings__Enabled` in iotedge's doc/EnvironmentVariables.md).
        httpDisabled = environment.contains { $0.lowercased() == "httpsettings__enabled=false" }
    }

    /// The URLs to try, in order: a mapped host port, then the container's addresses on port 9600.
    public var candidates: [EdgeHubMetricsEndpoint] {
        mappedPorts.map { EdgeHubMetricsEndpoint(url: "http://127.0.0.1:\($0)\(EdgeHubMetricNames.path)", origin: .mappedPort) }
            + addresses.map { EdgeHubMetricsEndpoint(url: "http://\($0.ip):\(EdgeHubMetricNames.defaultPort)\(EdgeHubMetricNames.path)", origin: .containerAddress) }
    }

    /// Why no candidate will answer, before trying: nil when there is something to try.
    public var blocker: (reason: String, fix: String)? {
        if !running {
            return ("the edgeHub container is not running (Docker says \(status))",
                    "start IoT Edge (`sudo iotedge system restart`) and check `iotedge list`; edgeHub starts once edgeAgent has the deployment")
        }
        if httpDisabled {
            return ("edgeHub runs with httpSettings__enabled=false: it serves no HTTP, metrics included",
                    "remove httpSettings__enabled=false from edgeHub's environment in the deployment (metrics need it), or give --edgehub-metrics URL")
        }
        if candidates.isEmpty {
            return ("edgeHub has no address on a Docker network and no host port mapped to 9600",
                    "map the port in edgeHub's createOptions: \"ExposedPorts\":{\"9600/tcp\":{}}, \"HostConfig\":{\"PortBindings\":{\"9600/tcp\":[{\"HostPort\":\"9601\"}]}}, then give --edgehub-metrics http://127.0.0.1:9601/metrics")
        }
        return nil
    }
}
