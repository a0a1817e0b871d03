/// Where Kepware's Configuration API listens and how to log in to it.
public struct KepwareLogin: Equatable, Sendable {
    public var endpoint: KepwareEndpoint
    public var user: String
    public var password: Secret
    /// SHA-256 fingerprint of the server's self-signed certificate the engineer confirmed.
    public var trustedFingerprint: String?

    public init(endpoint: KepwareEndpoint, user: String, password: Secret, trustedFingerprint: String? = nil) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.trustedFingerprint = trustedFingerprint
    }
}

/// Create or update the MQTT Client agent and its IoT items, then wait for Kepware's connected line.
public struct AgentPushRequest: Equatable, Sendable {
    public var login: KepwareLogin
    public var settings: KepwareAgentSettings
    public var items: [KepwareIoTItem]

    public init(login: KepwareLogin, settings: KepwareAgentSettings, items: [KepwareIoTItem]) {
        self.login = login
        self.settings = settings
        self.items = items
    }
}

/// What pushing the agent achieved.
public struct AgentPushOutcome: Equatable, Sendable {
    /// True when the agent was created, false when an existing one was updated.
    public var created: Bool
    /// One line per IoT item Kepware refused (a 207 answer), e.g. "Channel1.Device1.Tag9: tag not found".
    public var itemFailures: [String]
    /// Settings that read back differently from what was sent (the password cannot be read back).
    public var differences: [String]
    /// Kepware's `MQTT agent '<name>' is connected to broker '<url>'` line, when it appeared in time.
    public var connectedLine: String?
    /// Warning and error event-log lines that mention the agent or the broker, when it did not connect.
    public var eventLogProblems: [String]

    public init(created: Bool, itemFailures: [String], differences: [String], connectedLine: String?, eventLogProblems: [String]) {
        self.created = created
        self.itemFailures = itemFailures
        self.differences = differences
        self.connectedLine = connectedLine
        self.eventLogProblems = eventLogProblems
    }
}
