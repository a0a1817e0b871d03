import Foundation
import KepEdgeCore

/// What pushing the MQTT Client agent did, for `kepedge agent push` and the wizard's step 5.
public struct KepwareAgentPushReport: Sendable {
    /// True when the agent was created, false when an existing one was updated.
    public let created: Bool
    /// The IoT items Kepware refused in its 207 answer.
    public let itemFailures: [KepwareMultiStatus.Result]
    /// The agent read back against what was sent (the password cannot be read back).
    public let diff: KepwareAgentDiff
    /// The wait for the connected line; nil when not waited for.
    public let verdict: KepwareConnectionVerdict?
}

/// Creates or updates the agent, adds its IoT items, reads it back and waits for the connected line:
/// the sequence of kepware.md §2, shared by the command line and the wizard so both say the same.
public struct KepwareAgentPusher: Sendable {
    public let client: KepwareConfigClient

    public init(client: KepwareConfigClient) { self.client = client }

    /// - Parameter connectTimeout: seconds to wait for Kepware's connected line; 0 does not wait.
    public func push(_ settings: KepwareAgentSettings, items: [KepwareIoTItem], connectTimeout: TimeInterval,
                     pollInterval: TimeInterval = 2) async throws(KepwareAPIFailure) -> KepwareAgentPushReport {
        _ = try await client.about()
        guard try await client.hasIoTGateway() else {
            throw KepwareAPIFailure(kind: .noIoTGateway, headline: "Kepware at \(client.endpoint.baseURL) has no IoT Gateway plug-in",
                                    fix: "install and license it (it needs a Java 8 runtime)")
        }
        let since = Date()
        let body = settings.configurationAPIBody(password: .revealed)
        let created: Bool
        if try await client.agent(settings.agentName) != nil {
            try await client.updateAgent(settings.agentName, changes: body)
            created = false
        } else {
            try await client.createAgent(body)
            created = true
        }
        let results = items.isEmpty ? [] : try await client.addItems(agent: settings.agentName, items: items)
        guard let readBack = try await client.agent(settings.agentName) else {
            throw KepwareAPIFailure(kind: .unexpectedStatus, headline: "Kepware accepted agent '\(settings.agentName)' but does not show it",
                                    fix: "check the Configuration API log")
        }
        let diff = KepwareAgentDiff(expected: body, actual: readBack)
        let verdict = connectTimeout > 0
            ? try await client.waitForConnected(agent: settings.agentName, url: settings.url, since: since,
                                                timeout: connectTimeout, pollInterval: pollInterval)
            : nil
        return KepwareAgentPushReport(created: created, itemFailures: results.filter { !$0.succeeded }, diff: diff, verdict: verdict)
    }
}
