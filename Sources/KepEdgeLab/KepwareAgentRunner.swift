import KepEdgeCore

/// What an agent did when the fake Kepware enabled or changed it.
public enum KepwareAgentRunOutcome: Sendable, Equatable {
    /// Connected to its broker: the fake logs `MQTT agent '<name>' is connected to broker '<url>'`.
    case connected
    /// Failed; the fake logs this message as a Warning mentioning the agent.
    case failed(String)
    /// Nothing to report (disabled, or the runner keeps quiet).
    case silent
}

/// Plays the IoT Gateway's MQTT side for the fake Kepware: told when an agent is enabled or changed,
/// with its properties (the password in clear). The lab plugs a real libmosquitto runner in here.
public protocol KepwareAgentRunner: Sendable {
    func agentChanged(name: String, properties: [String: JSONValue]) async -> KepwareAgentRunOutcome
    /// The agent was disabled: stop running it.
    func agentDisabled(name: String) async
}

extension KepwareAgentRunner {
    public func agentDisabled(name: String) async {}
}

/// A runner that always gives the same outcome, for tests.
public struct FixedAgentRunner: KepwareAgentRunner {
    public let outcome: KepwareAgentRunOutcome
    public init(_ outcome: KepwareAgentRunOutcome) { self.outcome = outcome }
    public func agentChanged(name: String, properties: [String: JSONValue]) async -> KepwareAgentRunOutcome { outcome }
}
