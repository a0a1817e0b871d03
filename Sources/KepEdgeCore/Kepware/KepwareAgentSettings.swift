/// Every property of a Kepware IoT Gateway MQTT Client agent that publishes to IoT Hub through an IoT Edge gateway.
/// Defaults follow PTC's Azure IoT Hub agent template and Microsoft's Kepware-through-IoT-Edge sample
/// (QoS 1, rate 10000 ms, narrow format, 1000 events, 5 s timeout, standard template, TLS default, no client certificate).
public struct KepwareAgentSettings: Equatable, Sendable {
    /// PTC's standard template: Kepware renders it as JSON on the wire.
    public static let standardTemplate = "timestamp: |SERVERTIMESTAMP|\r\nvalues: |VALUES|\r\n"
    public static let expansionOfValues = "id: |TAGNAME|\r\nv: |TAGVALUE|\r\nq: |TAGQUALITY|\r\nt: |TAGTIMESTAMP|\r\n"
    public static let advancedTemplate = "{\r\n \"timestamp\": |SERVERTIMESTAMP|,\r\n  \"values\": [\r\n   |#each VALUES|\r\n    {\"id\": \"|TAGNAME|\", \"v\": |VALUE|, \"q\": |QUALITY|, \"t\": |TIMESTAMP| } |#unless @last|,|/unless|\r\n   |/each|\r\n  ]\r\n}"

    /// How the password appears in a body built for display or for sending.
    public enum PasswordRendering: Sendable {
        /// Leave `MQTT_CLIENT_PASSWORD` out (keeps the agent's current password on PUT).
        case omit
        /// Show the mask instead of the token (for screens and `--json` without `--show-secrets`).
        case masked
        /// The real token: only for the request to Kepware or an explicit reveal.
        case revealed
    }

    public var agentName: String
    public var agentDescription: String = ""
    public var enabled: Bool = true
    public var url: String
    public var topic: String
    public var qos: MQTTQoS
    public var rateMilliseconds: Int = 10_000
    /// 0 = Narrow (changed tags only), 1 = Wide.
    public var publishFormat: Int = 0
    public var maxEventsPerPublish: Int = 1_000
    public var transactionTimeoutSeconds: Int = 5
    /// 0 = Standard template, 1 = Advanced template.
    public var messageFormat: Int = 0
    public var standardTemplate: String = KepwareAgentSettings.standardTemplate
    public var expansionOfValues: String = KepwareAgentSettings.expansionOfValues
    public var advancedTemplate: String = KepwareAgentSettings.advancedTemplate
    /// Not in PTC's templates, so left to Kepware's own default (omitted from the body) unless set.
    public var sendInitialUpdate: Bool?
    /// 0 = Interval, 1 = On Data Change; omitted unless set, like `sendInitialUpdate`.
    public var publishType: Int?
    /// Omitted unless set, like `sendInitialUpdate`.
    public var ignoreQualityChanges: Bool?
    public var clientID: String
    public var username: String
    /// The SAS token.
    public var password: Secret
    /// 0 = Default, 1 = TLS 1.0, 2 = TLS 1.1, 3 = TLS 1.2.
    public var tlsVersion: Int = 0
    public var useClientCertificate: Bool = false
    public var enableLastWill: Bool = false
    public var lastWillTopic: String = ""
    public var lastWillMessage: String = ""
    public var enableWriteTopic: Bool = false
    public var writeTopic: String = "iotgateway/write"
    /// The api-version inside `username`, kept for the settings card's note.
    public var apiVersion: String

    /// The agent for `mqtt`, with `password` (a SAS token) and Kepware's agent name.
    public init(mqtt: GatewayMQTTSettings, password: Secret, agentName: String) throws(KepwareAgentSettingsError) {
        if agentName.trimmingWhitespace().isEmpty { throw .emptyName }
        if agentName.hasPrefix("_") { throw .leadingUnderscore(agentName) }
        if agentName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .controlCharacter(agentName)
        }
        self.agentName = agentName
        self.url = mqtt.url
        self.topic = mqtt.topic
        self.qos = mqtt.qos
        self.clientID = mqtt.clientID
        self.username = mqtt.username
        self.password = password
        self.apiVersion = mqtt.apiVersion
    }

    /// The body of `POST /config/v1/project/_iot_gateway/mqtt_clients`; the password only when asked.
    public func configurationAPIBody(includePassword: Bool) -> JSONValue {
        configurationAPIBody(password: includePassword ? .revealed : .omit)
    }

    public func configurationAPIBody(password rendering: PasswordRendering) -> JSONValue {
        typealias Key = KepwarePropertyKey
        var body: [String: JSONValue] = [
            Key.name: .string(agentName),
            Key.description: .string(agentDescription),
            Key.agentType: .string(Key.mqttClientAgentType),
            Key.enabled: .bool(enabled),
            Key.url: .string(url),
            Key.topic: .string(topic),
            Key.qos: .int(qos.rawValue),
            Key.rateMilliseconds: .int(rateMilliseconds),
            Key.publishFormat: .int(publishFormat),
            Key.maxEvents: .int(maxEventsPerPublish),
            Key.timeoutSeconds: .int(transactionTimeoutSeconds),
            Key.messageFormat: .int(messageFormat),
            Key.standardTemplate: .string(standardTemplate),
            Key.expansionOfValues: .string(expansionOfValues),
            Key.advancedTemplate: .string(advancedTemplate),
            Key.clientID: .string(clientID),
            Key.username: .string(username),
            Key.tlsVersion: .int(tlsVersion),
            Key.clientCertificate: .bool(useClientCertificate),
            Key.enableLastWill: .bool(enableLastWill),
            Key.lastWillTopic: .string(lastWillTopic),
            Key.lastWillMessage: .string(lastWillMessage),
            Key.enableWriteTopic: .bool(enableWriteTopic),
            Key.writeTopic: .string(writeTopic),
        ]
        if let sendInitialUpdate { body[Key.sendInitialUpdate] = .bool(sendInitialUpdate) }
        if let publishType { body[Key.publishType] = .int(publishType) }
        if let ignoreQualityChanges { body[Key.ignoreQualityChanges] = .bool(ignoreQualityChanges) }
        switch rendering {
        case .omit: break
        case .masked: body[Key.password] = .string(password.masked)
        case .revealed: body[Key.password] = .string(password.revealed)
        }
        return .object(body)
    }

    /// The partial `PUT /config/v1/project/_iot_gateway/mqtt_clients/{agent}` body that rotates the SAS token.
    /// Kepware needs the current `PROJECT_ID`, or `FORCE_UPDATE: true` when it is not known.
    public static func passwordUpdateBody(password: Secret, projectID: Int?,
                                          rendering: PasswordRendering = .revealed) -> JSONValue {
        var body: [String: JSONValue] = [:]
        switch rendering {
        case .omit: break
        case .masked: body[KepwarePropertyKey.password] = .string(password.masked)
        case .revealed: body[KepwarePropertyKey.password] = .string(password.revealed)
        }
        if let projectID {
            body[KepwarePropertyKey.projectID] = .int(projectID)
        } else {
            body[KepwarePropertyKey.forceUpdate] = .bool(true)
        }
        return .object(body)
    }
}
