/// Everything `kepedge lab --no-ui` prints as its first stdout line (one JSON object): where each part
/// listens, the files that hold credentials (mode 0600) and the exact `kepedge check` to run against it.
public struct LabManifest: Codable, Equatable, Sendable {
    public struct Gateway: Codable, Equatable, Sendable {
        /// The name Kepware dials and the IoT Edge config's `hostname`.
        public var host: String
        public var address: String
        /// edgeHub's MQTT-over-TLS port: 8883 when it was free.
        public var port: Int
        /// Whether the broker runs (false with the `broker-down` fault).
        public var running: Bool
    }

    public struct Hub: Codable, Equatable, Sendable {
        public var host: String
        /// `127.0.0.1:port`: where the registry for `host` really answers (HTTPS).
        public var registryEndpoint: String
        /// Trust this to reach the registry over HTTPS.
        public var registryCAFile: String
        public var edgeDeviceID: String
        /// `HostName=…;SharedAccessKeyName=iothubowner;SharedAccessKey=…`.
        public var ownerConnectionStringFile: String
    }

    public struct Kepware: Codable, Equatable, Sendable {
        /// The Configuration API, plain HTTP on a free port.
        public var url: String
        public var user: String
        public var passwordFile: String
        /// The Kepware host's "Trusted Root Certification Authorities": the agent trusts what is here.
        public var trustFolder: String
        /// The agent the lab created (nil until one is made).
        public var agentName: String?
    }

    public struct Device: Codable, Equatable, Sendable {
        public var id: String
        public var keyFile: String
        /// A SAS token for the device (the password Kepware's agent was given).
        public var tokenFile: String
    }

    /// IoT Hub's built-in Event Hub-compatible endpoint (AMQPS), where messages edgeHub forwarded arrive.
    public struct HubEvents: Codable, Equatable, Sendable {
        /// `127.0.0.1:port`: where both the hub's AMQPS name and the namespace answer (`--hub-events-endpoint`).
        public var endpoint: String
        /// The Event Hub-compatible namespace the redirect names (`…servicebus.windows.net`).
        public var namespaceHost: String
        /// The Event Hub-compatible name (`EntityPath`).
        public var entityPath: String
        /// Trust this to reach the endpoint (`--hub-events-ca`).
        public var caFile: String
        /// `Endpoint=sb://…/;SharedAccessKeyName=iothubowner;SharedAccessKey=…;EntityPath=…`, as the portal shows it (0600).
        public var connectionStringFile: String
    }

    public var folder: String
    public var fault: String?
    public var gateway: Gateway
    public var hub: Hub
    public var kepware: Kepware
    /// The root CA of the chain edgeHub serves (with `wrong-ca`: the wrong one the engineer was given).
    public var rootCAFile: String
    /// The device Kepware connects as; nil when the engineer registers it in the wizard.
    public var device: Device?
    /// The IoT Edge `config.toml` of this gateway (real format: hostname, trust_bundle_cert, provisioning).
    public var edgeConfig: String
    /// mosquitto's log, with edgeHub-worded authentication lines.
    public var brokerLog: String
    /// One line per message that arrived upstream (what passed the gateway and its `$upstream` route).
    public var upstreamLog: String
    /// The plain-TCP listener (127.0.0.1 only, no authentication) the lab's own subscriber uses.
    public var upstreamListenerPort: Int?
    /// The lab edgeHub's Prometheus metrics (`http://127.0.0.1:<port>/metrics`, edgeHub's format and labels):
    /// `kepedge check --edgehub-metrics URL`, `kepedge monitor --edgehub-metrics URL`. Nil with `broker-down`.
    public var edgeHubMetrics: String?
    /// A wizard session file (`kepedge check --session FILE`, the wizard's resume file).
    public var session: String
    /// The exact argv that checks this lab.
    public var checkCommand: [String]
    /// nil when the endpoint did not start.
    public var hubEvents: HubEvents? = nil
}
