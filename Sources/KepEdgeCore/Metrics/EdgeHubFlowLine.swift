import Foundation

/// The message pane's (and `kepedge monitor`'s) lines about edgeHub's counters: one when the device's flow
/// starts, stops, or stalls upstream; nothing while it stays the same, so a steady flow does not flood the pane.
public enum EdgeHubFlowLine {
    /// The line for a change from the previous interval's state (nil at the first interval) to this one's.
    public static func event(previous: EdgeHubFlow.State?, flow: EdgeHubFlow) -> MonitorEvent? {
        let state = flow.state
        if flow.restarted {
            return MonitorEvent(time: flow.later.time, source: .edgeHub, level: .warning,
                                text: "edgeHub restarted (new instance_number): counters start again; \(flow.summary)", deviceID: flow.device)
        }
        guard state != previous else { return nil }
        switch state {
        case .flowing:
            return MonitorEvent(time: flow.later.time, source: .edgeHub, level: .info,
                                text: "edgeHub receives \(flow.device)'s messages and forwards them upstream: \(flow.summary)", deviceID: flow.device)
        case .stalledUpstream:
            let why = (flow.dropped["no_route"] ?? 0) > 0 ? "dropped: no route to $upstream"
                : (flow.offlineCount > 0 || flow.queueGrowth > 0) ? "queued: edgeHub is offline" : "no route to $upstream, or edgeHub offline"
            return MonitorEvent(time: flow.later.time, source: .edgeHub, level: .error,
                                text: "edgeHub receives \(flow.device)'s messages but sends none upstream (\(why)): \(flow.summary)", deviceID: flow.device)
        case .idle:
            // The first interval being quiet is also news: the agent is not publishing.
            return MonitorEvent(time: flow.later.time, source: .edgeHub, level: .warning,
                                text: previous == nil ? "edgeHub received no message from \(flow.device) in the last \(EdgeHubFlow.count(flow.seconds.rounded())) s"
                                    : "edgeHub: the flow from \(flow.device) stopped (nothing received in \(EdgeHubFlow.count(flow.seconds.rounded())) s)",
                                deviceID: flow.device)
        }
    }
}
