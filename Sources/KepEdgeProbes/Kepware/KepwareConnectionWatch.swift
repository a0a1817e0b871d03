import Foundation
import KepEdgeCore

/// The verdict of watching Kepware's event log for the agent's connected line.
public struct KepwareConnectionVerdict: Sendable {
    public let connected: Bool
    /// The connected entry, when it came.
    public let connectedEntry: KepwareEventLogEntry?
    /// Warning/Error entries that mention the agent or the broker URL, shown when no connected line came.
    public let problems: [KepwareEventLogEntry]
    public let waitedSeconds: Double
}

extension KepwareConfigClient {
    /// Polls the event log from `since` until `MQTT agent '<agent>' is connected to broker '<url>'` appears
    /// or `timeout` passes. Never waits longer than `timeout` plus one request's own timeouts.
    public func waitForConnected(agent: String, url: String?, since: Date, timeout: TimeInterval,
                                 pollInterval: TimeInterval = 2) async throws(KepwareAPIFailure) -> KepwareConnectionVerdict {
        let started = Date()
        // Kepware's clock and ours may differ a little; look back a few seconds.
        let from = since.addingTimeInterval(-5)
        var problems: [KepwareEventLogEntry] = []
        while true {
            let entries = try await eventLog(limit: 500, start: from)
            if let line = entries.first(where: { $0.saysConnected(agent: agent, url: url) }) {
                return KepwareConnectionVerdict(connected: true, connectedEntry: line, problems: [], waitedSeconds: Date().timeIntervalSince(started))
            }
            problems = entries.filter { $0.isProblem(mentioning: agent, url: url) }
            let elapsed = Date().timeIntervalSince(started)
            if elapsed >= timeout {
                return KepwareConnectionVerdict(connected: false, connectedEntry: nil, problems: problems, waitedSeconds: elapsed)
            }
            try? await Task.sleep(nanoseconds: UInt64(min(pollInterval, timeout - elapsed) * 1_000_000_000))
        }
    }
}
