import Foundation

/// Step 6's verdict from IoT Hub's built-in endpoint (id `hub-arrival`, docs/check-json.md): do the device's
/// messages arrive in IoT Hub, and within how long. The cloud's word, read with the hub-owner connection
/// string as `az iot hub monitor-events` reads it; no connection as the device.
public enum HubArrivalChecks {
    public static let id = CheckID.hubArrival
    /// Beyond this end-to-end latency the messages arrive, but late: a clock or a queue to look at.
    public static let lateSeconds = 30.0

    /// `watchedSeconds`: how long the endpoint was listened to. `endpoint` names what was read.
    public static func check(_ arrival: HubArrival, watchedSeconds: Double, endpoint: String) -> CheckResult {
        let device = arrival.device
        var details = evidence(arrival, watchedSeconds: watchedSeconds, endpoint: endpoint)
        if arrival.count > 0 {
            guard let slowest = arrival.slowest else {
                details.append("their bodies are not Kepware's standard template: no timestamp to measure the latency from")
                return CheckResult(id: id, title: "messages from \(device) arrive in IoT Hub: \(arrival.count) in \(seconds(watchedSeconds)) s",
                                   status: .ok, details: details)
            }
            if slowest > lateSeconds {
                return CheckResult(
                    id: id, title: "messages from \(device) arrive in IoT Hub, but late: up to \(HubEventDecoding.latencyText(seconds: slowest)) after Kepware stamped them",
                    status: .warning, details: details,
                    fix: "check the Kepware host's clock (NTP: the latency is Kepware's timestamp to IoT Hub's enqueued time) and whether edgeHub's upstream queue grows (edgehub-forwards)")
            }
            return CheckResult(
                id: id, title: "messages from \(device) arrive in IoT Hub within \(HubEventDecoding.latencyText(seconds: slowest)): \(arrival.count) in \(seconds(watchedSeconds)) s",
                status: .ok, details: details)
        }
        if let failure = arrival.failure {
            details.append(failure.description)
            // A refused key or a misspelt hub is the engineer's input to fix; the rest says only that this
            // machine cannot read the endpoint, not that the device's messages do not arrive.
            let status: CheckStatus = switch failure {
            case .unauthorized, .nameNotResolved: .error
            default: .warning
            }
            return CheckResult(id: id, title: "IoT Hub's endpoint cannot be read from here: \(headline(failure))", status: status,
                               details: details, fix: fix(failure))
        }
        if arrival.listeningSince == nil {
            return CheckResult(id: id, title: "IoT Hub's endpoint did not start listening within \(seconds(watchedSeconds)) s",
                               status: .warning, details: details,
                               fix: "check this machine's outbound AMQPS (TCP 5671) to the hub, then run kepedge monitor --hub-events to watch it connect")
        }
        return CheckResult(
            id: id, title: "no message from \(device) arrived in IoT Hub in \(seconds(watchedSeconds)) s",
            status: .error, details: details,
            fix: "the messages stop before IoT Hub: if edgeHub receives them (edgehub-receives), add a route to $upstream (\(EdgeHubFlowChecks.upstreamRoute)); otherwise check that Kepware's agent publishes (kepware-agent-connected)")
    }

    /// When there was nothing to read with (no owner connection string, no device id).
    public static func skipped(reason: String) -> CheckResult {
        CheckResult(id: id, title: "messages arrive in IoT Hub", status: .skipped, details: ["skipped: \(reason)"])
    }

    static func headline(_ failure: HubEventsFailure) -> String {
        switch failure {
        case .unauthorized: "IoT Hub refused the hub-owner credentials (401)"
        case .nameNotResolved(let host): "\(host) does not resolve"
        case .portBlocked(_, let port, _): "nothing answers on port \(port)"
        case .tlsFailed: "the TLS handshake failed"
        case .noRedirect: "IoT Hub did not redirect to its Event Hub-compatible endpoint"
        case .noPartitions: "no partitions listed"
        case .timedOut(let step, let seconds): "no answer within \(seconds) s at \(step)"
        case .closed(let condition, _): "the endpoint closed the connection (\(condition))"
        }
    }

    static func fix(_ failure: HubEventsFailure) -> String {
        switch failure {
        case .unauthorized:
            "copy the connection string of a policy with ServiceConnect (iothubowner or service) again: Azure portal, IoT Hub, Shared access policies"
        case .nameNotResolved:
            "check the hub's host name in the hub-owner connection string and this machine's DNS"
        case .portBlocked:
            "outbound AMQPS (TCP 5671) is blocked here: open it to *.azure-devices.net and *.servicebus.windows.net, or confirm from a machine where it is open (az iot hub monitor-events)"
        case .tlsFailed:
            "trust DigiCert Global Root G2 (and Microsoft RSA Root CA 2017), or the TLS-inspecting proxy's CA"
        case .noRedirect, .noPartitions, .closed, .timedOut:
            "try again; if it persists, read the endpoint with its own connection string (Built-in endpoints in the portal) or az iot hub monitor-events"
        }
    }

    static func evidence(_ arrival: HubArrival, watchedSeconds: Double, endpoint: String) -> [String] {
        var lines = ["\(endpoint), listened \(seconds(watchedSeconds)) s"
            + (arrival.partitions > 0 ? " on \(arrival.partitions) partition\(arrival.partitions == 1 ? "" : "s")" : "")]
        if arrival.count > 0 {
            lines.append("\(arrival.count) message\(arrival.count == 1 ? "" : "s") from \(arrival.device)"
                + (arrival.lastEnqueued.map { ", the last enqueued at \(EdgeHubFlowChecks.timeText($0))" } ?? ""))
        }
        if !arrival.latencies.isEmpty {
            let sorted = arrival.latencies.sorted()
            let median = sorted[sorted.count / 2]
            lines.append("end-to-end latency (Kepware's timestamp to enqueued time): median \(HubEventDecoding.latencyText(seconds: median)), slowest \(HubEventDecoding.latencyText(seconds: sorted.last!))")
        }
        return lines
    }

    static func seconds(_ value: Double) -> String {
        value.isFinite && value < 1e9 ? String(Int(value.rounded())) : "?"
    }
}
