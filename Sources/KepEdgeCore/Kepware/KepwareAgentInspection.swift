import Foundation

/// What a read-only look at Kepware found (`kepedge check`'s step 5): nothing is created or changed.
public struct KepwareAgentInspection: Equatable, Sendable {
    /// The Configuration API's address, e.g. `https://10.0.0.5:57512`.
    public var baseURL: String
    /// The user the API accepted.
    public var user: String
    /// Whether the IoT Gateway plug-in answers (`/project/_iot_gateway`).
    public var hasIoTGateway: Bool
    /// The MQTT Client agent as Kepware holds it; nil when there is no agent of that name.
    public var agent: JSONValue?
    /// Event-log entries of the last `logWindow` seconds.
    public var eventLog: [KepwareEventLogEntry]
    public var logWindow: TimeInterval
    /// The API answered, but reading the plug-in, the agent or the log failed.
    public var readFailure: StepFailure?

    public init(baseURL: String, user: String, hasIoTGateway: Bool, agent: JSONValue?,
                eventLog: [KepwareEventLogEntry], logWindow: TimeInterval, readFailure: StepFailure? = nil) {
        self.baseURL = baseURL
        self.user = user
        self.hasIoTGateway = hasIoTGateway
        self.agent = agent
        self.eventLog = eventLog
        self.logWindow = logWindow
        self.readFailure = readFailure
    }

    /// How far back the event log is read: a day shows the last connect even on a quiet line.
    public static let standardLogWindow: TimeInterval = 24 * 3600
}

/// Read the agent named `agentName` (and the plug-in and the event log), changing nothing.
public struct AgentInspectRequest: Equatable, Sendable {
    public var login: KepwareLogin
    public var agentName: String

    public init(login: KepwareLogin, agentName: String) {
        self.login = login
        self.agentName = agentName
    }
}
