import Foundation

/// Step 6's verdicts from edgeHub's own counters (two scrapes some seconds apart): does edgeHub receive the
/// device's messages, and does it forward them upstream. Ids: `edgehub-metrics`, `edgehub-receives`,
/// `edgehub-forwards` (docs/check-json.md).
public enum EdgeHubFlowChecks {
    public static let receivesID = CheckID.edgeHubReceives
    public static let forwardsID = CheckID.edgeHubForwards
    public static let metricsID = CheckID.edgeHubMetrics

    /// The route that takes every downstream device's messages to IoT Hub (MicrosoftDocs/azure-docs
    /// `articles/iot-edge/module-composition.md`; the route the lab deploys).
    public static let upstreamRoute = "FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream"

    public static func checks(_ flow: EdgeHubFlow, endpoint: String) -> [CheckResult] {
        [receives(flow, endpoint: endpoint), forwards(flow, endpoint: endpoint)]
    }

    /// "edgeHub receives messages from {device}".
    public static func receives(_ flow: EdgeHubFlow, endpoint: String) -> CheckResult {
        let device = flow.device
        let title = "edgeHub receives messages from \(device)"
        var details = evidence(flow, endpoint: endpoint)
        if flow.received > 0 {
            return CheckResult(id: receivesID, title: "\(title): \(EdgeHubFlow.count(flow.received)) in \(EdgeHubFlow.count(flow.seconds.rounded())) s",
                               status: .ok, details: details)
        }
        let failures = flow.connectFailures.values.reduce(0, +)
        if failures > 0 {
            let reasons = flow.connectFailures.keys.sorted().joined(separator: ", ")
            details.append("connect failures: \(EdgeHubFlow.count(failures)) (reason \(reasons))")
            return CheckResult(
                id: receivesID, title: "edgeHub refuses \(device)'s connections: \(EdgeHubFlow.count(failures)) failed (\(reasons)), no message received",
                status: .error, details: details,
                fix: "edgeHub did not authenticate the agent: check its username (<hub>/\(device)/?api-version=2018-06-30), that its SAS token is current, and that \(device) has the edge device as parent (steps 3-5; edgeHub's log names the cause)")
        }
        return CheckResult(
            id: receivesID, title: "edgeHub received no message from \(device) in \(EdgeHubFlow.count(flow.seconds.rounded())) s",
            status: .error, details: details,
            fix: "the agent is not publishing: check in Kepware that the MQTT agent is enabled and connected to the gateway (kepedge kepware log), that it has tags, and that its topic is devices/\(device)/messages/events/")
    }

    /// "edgeHub forwards them upstream".
    public static func forwards(_ flow: EdgeHubFlow, endpoint: String) -> CheckResult {
        let title = "edgeHub forwards \(flow.device)'s messages upstream"
        var details = evidence(flow, endpoint: endpoint)
        guard flow.received > 0 else {
            return CheckResult(id: forwardsID, title: title, status: .skipped,
                               details: ["skipped: edgeHub received nothing from \(flow.device) to forward"])
        }
        let noRoute = flow.dropped["no_route"] ?? 0
        if flow.sentUpstream <= 0 {
            if noRoute > 0 {
                details.append("dropped without a route: \(EdgeHubFlow.count(noRoute))")
                return CheckResult(
                    id: forwardsID, title: "edgeHub drops \(flow.device)'s messages: no route takes them to $upstream",
                    status: .error, details: details,
                    fix: "add a route to edgeHub's desired properties in the deployment: \(upstreamRoute)")
            }
            if flow.offlineCount > 0 || flow.queueGrowth > 0 {
                return CheckResult(
                    id: forwardsID, title: "edgeHub holds \(flow.device)'s messages: it cannot reach IoT Hub (\(EdgeHubFlow.count(flow.upstreamQueue)) queued)",
                    status: .error, details: details,
                    fix: "edgeHub is offline: check the gateway's outbound connection to <hub>.azure-devices.net on 8883/5671/443 (or its proxy), then `sudo iotedge check` and `iotedge logs edgeHub`")
            }
            return CheckResult(
                id: forwardsID, title: "edgeHub forwards none of \(flow.device)'s messages upstream",
                status: .error, details: details,
                fix: "no route to $upstream, or edgeHub offline: check the deployment's routes (\(upstreamRoute)) and `iotedge logs edgeHub` for upstream errors")
        }
        if flow.queueGrowth > 0 {
            return CheckResult(
                id: forwardsID, title: "edgeHub forwards \(flow.device)'s messages, but its upstream queue grows (\(EdgeHubFlow.count(flow.upstreamQueue)) waiting)",
                status: .warning, details: details,
                fix: "upstream is slower than the inflow: check the gateway's bandwidth and IoT Hub throttling (the hub's tier and unit count), or publish less often")
        }
        return CheckResult(
            id: forwardsID, title: "\(title): \(EdgeHubFlow.count(flow.sentUpstream)) sent in \(EdgeHubFlow.count(flow.seconds.rounded())) s",
            status: .ok, details: details)
    }

    /// When edgeHub's metrics could not be read: why, and what to do. `skipped` when there was nothing to try
    /// (no device, no Docker here), `warning` when edgeHub was found but its metrics did not answer,
    /// `error` when the URL the engineer gave does not serve them.
    public static func unavailable(reason: String, fix: String?, status: CheckStatus) -> CheckResult {
        CheckResult(id: metricsID, title: "edgeHub's metrics (flow through the gateway) cannot be read", status: status,
                    details: [status == .skipped ? "skipped: \(reason)" : reason], fix: status == .skipped ? nil : fix)
    }

    /// No metrics endpoint was found: nothing to look at on this machine (no Docker, no edgeHub container) is
    /// no fault of the gateway (skipped); an edgeHub whose metrics do not answer is a warning; a URL the
    /// engineer gave that does not serve them is an error.
    public static func notFound(reason: String, fix: String?, urlGiven: Bool) -> CheckResult {
        let nothingHere = reason.contains("not installed") || reason.contains("no edgeHub container")
        return unavailable(reason: reason, fix: fix, status: urlGiven ? .error : nothingHere ? .skipped : .warning)
    }

    /// The counter values and times the verdict rests on.
    static func evidence(_ flow: EdgeHubFlow, endpoint: String) -> [String] {
        var lines = [
            "\(endpoint), scraped at \(timeText(flow.earlier.time)) and \(timeText(flow.later.time)) (\(EdgeHubFlow.count(flow.seconds.rounded())) s)",
            "\(EdgeHubMetricNames.messagesReceived){id=\"\(flow.device)\"}: \(EdgeHubFlow.count(flow.earlier.received)) -> \(EdgeHubFlow.count(flow.later.received))",
            "\(EdgeHubMetricNames.messagesSent){from=\"\(flow.device)\",to=\"upstream\"}: \(EdgeHubFlow.count(flow.earlier.sentUpstream)) -> \(EdgeHubFlow.count(flow.later.sentUpstream))",
            "\(EdgeHubMetricNames.queueLength){endpoint=\"iothub\"}: \(EdgeHubFlow.count(flow.earlier.upstreamQueue)) -> \(EdgeHubFlow.count(flow.later.upstreamQueue))",
        ]
        if flow.restarted { lines.append("edgeHub restarted between the scrapes (instance_number changed): counted from its restart") }
        if flow.offlineCount > 0 { lines.append("edgeHub went offline \(EdgeHubFlow.count(flow.offlineCount)) time(s)") }
        return lines
    }

    static func timeText(_ date: Date) -> String {
        KepwareEventLogEntry.timestamp(date) + "Z"
    }
}
