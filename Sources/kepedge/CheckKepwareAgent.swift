import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Step 5 of `kepedge check`, read-only: the Configuration API answers, the IoT Gateway plug-in is there,
/// the agent exists and is enabled, its settings match what kepedge expects, and the event log's last
/// connected line and recent Warning/Error lines about it.
struct KepwareAgentCheck {
    let client: KepwareConfigClient
    let agentName: String
    /// What the agent should hold (the password is not compared: Kepware never gives it back); nil: not known.
    let expected: Result<KepwareAgentSettings, FieldError>
    /// How far back to read the event log.
    var logWindow: TimeInterval = 24 * 3600

    func run(now: Date) async -> [CheckResult] {
        let base = client.endpoint.baseURL
        do {
            _ = try await client.about()
        } catch {
            return [CheckResult(id: "kepware-api", title: "Kepware Configuration API at \(base) answers", status: .error,
                                details: [error.headline], fix: error.fix)]
        }
        var results = [CheckResult(id: "kepware-api", title: "Kepware Configuration API at \(base) answers (user \(client.user))", status: .ok)]
        do {
            guard try await client.hasIoTGateway() else {
                results.append(CheckResult(id: "kepware-iot-gateway", title: "Kepware's IoT Gateway plug-in is installed", status: .error,
                                           fix: "install and license the IoT Gateway plug-in (it needs a Java 8 runtime)"))
                return results
            }
            results.append(CheckResult(id: "kepware-iot-gateway", title: "Kepware's IoT Gateway plug-in is installed", status: .ok))
            guard let agent = try await client.agent(agentName) else {
                results.append(CheckResult(id: "kepware-agent", title: "MQTT agent '\(agentName)' exists", status: .error,
                                           fix: "create it: kepedge agent push (or type the settings card from kepedge agent print into Kepware)"))
                return results
            }
            results.append(enabledCheck(agent))
            results.append(settingsCheck(agent))
            results.append(connectionCheck(try await client.eventLog(limit: 500, start: now.addingTimeInterval(-logWindow))))
        } catch {
            results.append(CheckResult(id: "kepware-agent", title: "MQTT agent '\(agentName)' could not be read", status: .error,
                                       details: [error.headline], fix: error.fix))
        }
        return results
    }

    private func enabledCheck(_ agent: JSONValue) -> CheckResult {
        let title = "MQTT agent '\(agentName)' exists and is enabled"
        if agent[KepwarePropertyKey.enabled] == .bool(false) {
            return CheckResult(id: "kepware-agent", title: title, status: .error, details: ["the agent is disabled"],
                               fix: "enable it in Kepware (IoT Gateway > \(agentName) > Properties > Enabled: Yes) or run kepedge agent push")
        }
        return CheckResult(id: "kepware-agent", title: title, status: .ok)
    }

    private func settingsCheck(_ agent: JSONValue) -> CheckResult {
        let title = "MQTT agent '\(agentName)' settings match the gateway, hub and device"
        let expected: KepwareAgentSettings
        switch self.expected {
        case .success(let settings): expected = settings
        case .failure(let error):
            return CheckResult(id: "kepware-agent-settings", title: title, status: .skipped, details: ["skipped: \(error.message)"])
        }
        let passwordNote = "the password cannot be read back from Kepware; only a connected line confirms it"
        let diff = KepwareAgentDiff(expected: expected.configurationAPIBody(includePassword: false), actual: agent)
        if diff.matches {
            return CheckResult(id: "kepware-agent-settings", title: title, status: .ok,
                               details: ["URL \(expected.url), client id and username as expected", passwordNote])
        }
        if diff.connectionDifferences.isEmpty {
            // A publish rate or template chosen on purpose is no fault; still worth seeing.
            return CheckResult(id: "kepware-agent-settings", title: title, status: .warning, details: diff.lines + [passwordNote],
                               fix: "fine if chosen on purpose; none of these stops the agent connecting (kepedge agent push sets kepedge's values)")
        }
        return CheckResult(id: "kepware-agent-settings", title: title, status: .error, details: diff.lines + [passwordNote],
                           fix: "push the expected settings: kepedge agent push (or correct them in Kepware's agent properties)")
    }

    private func connectionCheck(_ entries: [KepwareEventLogEntry]) -> CheckResult {
        let title = "MQTT agent '\(agentName)' is connected to its broker (Kepware's event log)"
        let ordered = entries.sorted { $0.timestamp < $1.timestamp }
        let lastConnected = ordered.lastIndex { $0.saysConnected(agent: agentName, url: nil) }
        let since = lastConnected.map { ordered.index(after: $0) } ?? ordered.startIndex
        let problems = ordered[since...].filter { $0.isProblem(mentioning: agentName, url: nil) }.suffix(5)
        let problemLines = problems.map { "\($0.timestamp) \($0.event): \($0.message)" }
        let fix = "read the lines above; then kepedge names, kepedge sas inspect and kepedge check's step 6 (CONNACK) tell which side refuses"
        if let lastConnected {
            let line = "\(ordered[lastConnected].timestamp) \(ordered[lastConnected].message)"
            if problems.isEmpty { return CheckResult(id: "kepware-agent-connected", title: title, status: .ok, details: ["last connected line: \(line)"]) }
            return CheckResult(id: "kepware-agent-connected", title: title, status: .warning,
                               details: ["last connected line: \(line)", "Warning/Error lines since:"] + problemLines, fix: fix)
        }
        if problems.isEmpty {
            return CheckResult(id: "kepware-agent-connected", title: title, status: .warning,
                               details: ["no connected line and no Warning/Error line about the agent in the event log's last \(Int(logWindow / 3600)) h"],
                               fix: "check the agent is enabled and publishing; run kepedge agent push to reapply and wait for the connected line")
        }
        return CheckResult(id: "kepware-agent-connected", title: title, status: .error,
                           details: ["no connected line; recent Warning/Error lines about the agent:"] + problemLines, fix: fix)
    }
}
