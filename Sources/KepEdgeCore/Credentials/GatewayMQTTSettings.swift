/// The MQTT connection a downstream device (Kepware's agent) makes to IoT Hub through an IoT Edge gateway:
/// TLS to the gateway (edgeHub's port is 8883), while the username names the hub, because edgeHub authenticates against the hub identity.
public struct GatewayMQTTSettings: Equatable, Codable, Sendable {
    /// The api-version current Azure documentation and the Node SDK use. edgeHub requires one but does not check its value.
    public static let defaultAPIVersion = "2021-04-12"
    public static let defaultPort = 8883

    /// The gateway's host name as IoT Edge's config names it (the TLS certificate must match it).
    public let gatewayHostName: String
    public let hub: IoTHubHost
    public let device: DeviceID
    public let apiVersion: String
    public let port: Int
    public let qos: MQTTQoS

    public init(gatewayHostName: String, hub: IoTHubHost, device: DeviceID,
                apiVersion: String = GatewayMQTTSettings.defaultAPIVersion,
                qos: MQTTQoS = .atLeastOnce, port: Int = GatewayMQTTSettings.defaultPort) throws(GatewayMQTTSettingsError) {
        let gateway = gatewayHostName.trimmingWhitespace()
        if let problem = HostNameSyntax.problem(in: gateway) {
            throw .badGatewayHostName(input: gatewayHostName, reason: HostNameSyntax.describe(problem))
        }
        let version = apiVersion.trimmingWhitespace()
        if version.isEmpty || !version.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) {
            throw .badAPIVersion(apiVersion)
        }
        guard (1...65_535).contains(port) else { throw .badPort(port) }
        self.gatewayHostName = gateway
        self.hub = hub
        self.device = device
        self.apiVersion = version
        self.port = port
        self.qos = qos
    }

    /// `ssl://{gateway}:8883` (edgeHub's port; another only for a lab): Kepware's broker URL (`tcp://` would be refused: TLS only).
    public var url: String { "ssl://\(gatewayHostName):\(port)" }
    /// `devices/{id}/messages/events/`, trailing slash included.
    public var topic: String { "devices/\(device.rawValue)/messages/events/" }
    /// The MQTT client id must equal the device id exactly.
    public var clientID: String { device.rawValue }
    /// `{hub host}/{id}/?api-version={v}`: the hub, not the gateway, and `/?` before api-version.
    public var username: String { "\(hub.hostName)/\(device.rawValue)/?api-version=\(apiVersion)" }
    /// The SAS resource URI for this device: `{hub host}/devices/{id}`.
    public var resourceURI: String { "\(hub.hostName)/devices/\(device.rawValue)" }
}
