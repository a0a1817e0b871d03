import Foundation

/// How the MQTT probe reaches the broker: TLS with a CA file (edgeHub, always), or plain TCP (tests and labs only).
public enum MQTTTransport: Equatable, Sendable {
    /// TLS 1.2+, the peer's chain verified against `caFile` and its name against the host dialled.
    case tls(caFile: String)
    /// No TLS. Never for edgeHub; only when explicitly asked (a lab broker, tests).
    case plainTCP
}

/// Everything one MQTT 3.1.1 connection as the Kepware device needs: exactly what the wizard gave Kepware.
///
/// libmosquitto checks the certificate against the host it dials, so `host` is the name the certificate
/// must carry (the gateway's config `hostname`); a lab can dial another name that resolves to the same place.
public struct MQTTConnectRequest: Equatable, Sendable {
    public var host: String
    public var port: Int
    public var clientID: String
    public var username: String
    /// The SAS token (or a lab broker's password); nil sends no password.
    public var password: Secret?
    public var transport: MQTTTransport
    /// 60 s, like the Python SDK; edgeHub drops a client after 1.5 × this without a packet.
    public var keepAliveSeconds: Int
    /// Telemetry topic for the test message, `devices/{id}/messages/events/`.
    public var topic: String
    /// QoS of the test message; `MQTTQoS` cannot hold 2, which edgeHub answers by closing the connection.
    public var qos: MQTTQoS
    /// Topics to subscribe to after each CONNACK 0 (the lab subscriber); empty for the device probe.
    public var subscriptions: [String]
    /// TCP connect + TLS handshake + CONNACK, per attempt.
    public var connectTimeoutSeconds: Double
    /// PUBLISH to PUBACK.
    public var publishTimeoutSeconds: Double
    /// Sending DISCONNECT and seeing the socket close.
    public var disconnectTimeoutSeconds: Double
    /// What the wizard knows about the credentials, for ranking the causes of a refusal.
    public var diagnosisContext: ConnackContext

    public init(host: String, port: Int, clientID: String, username: String, password: Secret?,
                transport: MQTTTransport, keepAliveSeconds: Int = 60, topic: String, qos: MQTTQoS = .atLeastOnce,
                subscriptions: [String] = [], connectTimeoutSeconds: Double = 10, publishTimeoutSeconds: Double = 10,
                disconnectTimeoutSeconds: Double = 2, diagnosisContext: ConnackContext? = nil) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.username = username
        self.password = password
        self.transport = transport
        self.keepAliveSeconds = keepAliveSeconds
        self.topic = topic
        self.qos = qos
        self.subscriptions = subscriptions
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.publishTimeoutSeconds = publishTimeoutSeconds
        self.disconnectTimeoutSeconds = disconnectTimeoutSeconds
        self.diagnosisContext = diagnosisContext ?? ConnackContext(clientID: clientID, username: username,
                                                                   hasPassword: !(password?.isEmpty ?? true), token: nil)
    }

    /// The device's connection through the gateway, exactly as the wizard configured Kepware:
    /// client id = device id, username `{hub}/{id}/?api-version=…`, the SAS token as password, TLS with `caFile`.
    /// - Parameter connectHost: the name to dial when it differs from the gateway's name (a lab); the
    ///   certificate is then checked against this name.
    /// - Parameter edgeRelease, gatewayHubHostName: what the gateway's config says (its format, its hub's spelling),
    ///   so that a refusal is diagnosed as that edgeHub judges the token.
    public init(settings: GatewayMQTTSettings, token: SASToken, caFile: String, connectHost: String? = nil,
                port: Int? = nil, edgeRelease: IoTEdgeRelease? = nil, gatewayHubHostName: String? = nil) {
        self.init(host: connectHost ?? settings.gatewayHostName, port: port ?? settings.port,
                  clientID: settings.clientID, username: settings.username, password: token.value,
                  transport: .tls(caFile: caFile), topic: settings.topic, qos: settings.qos,
                  diagnosisContext: ConnackContext(clientID: settings.clientID, username: settings.username,
                                                   hasPassword: true, token: token.inspection, edgeRelease: edgeRelease,
                                                   gatewayHubHostName: gatewayHubHostName, gatewayHostName: settings.gatewayHostName))
    }
}
