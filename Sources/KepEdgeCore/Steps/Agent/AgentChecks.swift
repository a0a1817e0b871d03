import Foundation

/// Step 5's verdicts: what pushing the agent achieved (the wizard), and what a read-only look at
/// Kepware found (`kepedge check`): the API, the IoT Gateway plug-in, the agent, its settings, and
/// the event log's word on its connection.
extension AgentStep {
    public static func checks(_ state: State) -> [CheckResult] {
        pushChecks(state) + inspectionChecks(state)
    }

    static func pushChecks(_ state: State) -> [CheckResult] {
        if let failure = state.push.failure { return [CheckResult(failure: failure, id: .kepwareAgentPush)] }
        guard let outcome = state.push.value else { return [] }
        var results = [CheckResult(id: .kepwareAgentPush, title: "agent \(outcome.created ? "created" : "updated") through the Configuration API",
                                   status: .ok)]
        if let line = outcome.connectedLine {
            results.append(CheckResult(id: .kepwareAgentConnected, title: "Kepware reports the agent connected", status: .ok, details: [line]))
        } else {
            results.append(CheckResult(id: .kepwareAgentConnected, title: "Kepware did not report the agent connected", status: .error,
                                       details: outcome.eventLogProblems,
                                       fix: "Read the event-log lines above; step 6 shows what edgeHub answers the device."))
        }
        for failure in outcome.itemFailures {
            results.append(CheckResult(id: .kepwareItem, title: "IoT item refused: \(failure)", status: .warning,
                                       fix: "Check the tag path in Kepware (Channel.Device.Tag) and that the tag exists."))
        }
        for difference in outcome.differences {
            results.append(CheckResult(id: .kepwareAgentReadback, title: "read back differently: \(difference)", status: .warning,
                                       fix: "Kepware changed or refused a value: compare the agent's properties with the card and correct them there."))
        }
        return results
    }

    static func inspectionChecks(_ state: State) -> [CheckResult] {
        let base = (try? kepwareEndpoint(state).get().baseURL) ?? state.kepwareURLText
        if let failure = state.inspection.failure {
            return [CheckResult(id: .kepwareAPI, title: "Kepware Configuration API at \(base) answers", status: .error,
                                details: [failure.message], fix: failure.fix ?? "kepedge kepware log tests the connection alone")]
        }
        guard let inspection = state.inspection.value, let name = expectedAgentName(state) else { return [] }
        var results = [CheckResult(id: .kepwareAPI, title: "Kepware Configuration API at \(inspection.baseURL) answers (user \(inspection.user))", status: .ok)]
        if let failure = inspection.readFailure {
            results.append(CheckResult(id: .kepwareAgent, title: "MQTT agent '\(name)' could not be read", status: .error,
                                       details: [failure.message], fix: failure.fix))
            return results
        }
        let pluginTitle = "Kepware's IoT Gateway plug-in is installed"
        guard inspection.hasIoTGateway else {
            results.append(CheckResult(id: .kepwareIoTGateway, title: pluginTitle, status: .error,
                                       fix: "install and license the IoT Gateway plug-in (it needs a Java 8 runtime)"))
            return results
        }
        results.append(CheckResult(id: .kepwareIoTGateway, title: pluginTitle, status: .ok))
        guard let agent = inspection.agent else {
            results.append(CheckResult(id: .kepwareAgent, title: "MQTT agent '\(name)' exists", status: .error,
                                       fix: "create it: kepedge agent push (or type the settings card from kepedge agent print into Kepware)"))
            return results
        }
        results.append(enabledCheck(agent, name: name))
        results.append(settingsCheck(agent, name: name, expected: settings(state, password: Secret(""))))
        results.append(connectionCheck(inspection.eventLog, name: name, window: inspection.logWindow))
        return results
    }

    private static func enabledCheck(_ agent: JSONValue, name: String) -> CheckResult {
        let title = "MQTT agent '\(name)' exists and is enabled"
        if agent[KepwarePropertyKey.enabled] == .bool(false) {
            return CheckResult(id: .kepwareAgent, title: title, status: .error, details: ["the agent is disabled"],
                               fix: "enable it in Kepware (IoT Gateway > \(name) > Properties > Enabled: Yes) or run kepedge agent push")
        }
        return CheckResult(id: .kepwareAgent, title: title, status: .ok)
    }

    /// The agent's settings against what kepedge would push; the password is never compared (Kepware
    /// does not give it back).
    private static func settingsCheck(_ agent: JSONValue, name: String, expected: Result<KepwareAgentSettings, FieldError>) -> CheckResult {
        let title = "MQTT agent '\(name)' settings match the gateway, hub and device"
        let settings: KepwareAgentSettings
        switch expected {
        case .success(let value): settings = value
        case .failure(let error):
            return CheckResult(id: .kepwareAgentSettings, title: title, status: .skipped, details: ["skipped: \(error.message)"])
        }
        let passwordNote = "the password cannot be read back from Kepware; only a connected line confirms it"
        let diff = KepwareAgentDiff(expected: settings.configurationAPIBody(includePassword: false), actual: agent)
        if diff.matches {
            return CheckResult(id: .kepwareAgentSettings, title: title, status: .ok,
                               details: ["URL \(settings.url), client id and username as expected", passwordNote])
        }
        if diff.connectionDifferences.isEmpty {
            // A publish rate or template chosen on purpose is no fault; still worth seeing.
            return CheckResult(id: .kepwareAgentSettings, title: title, status: .warning, details: diff.lines + [passwordNote],
                               fix: "fine if chosen on purpose; none of these stops the agent connecting (kepedge agent push sets kepedge's values)")
        }
        return CheckResult(id: .kepwareAgentSettings, title: title, status: .error, details: diff.lines + [passwordNote],
                           fix: "push the expected settings: kepedge agent push (or correct them in Kepware's agent properties)")
    }

    /// The event log's last connected line for the agent, and the Warning/Error lines about it since.
    private static func connectionCheck(_ entries: [KepwareEventLogEntry], name: String, window: TimeInterval) -> CheckResult {
        let title = "MQTT agent '\(name)' is connected to its broker (Kepware's event log)"
        let ordered = entries.sorted { $0.timestamp < $1.timestamp }
        let lastConnected = ordered.lastIndex { $0.saysConnected(agent: name, url: nil) }
        let since = lastConnected.map { ordered.index(after: $0) } ?? ordered.startIndex
        let problems = ordered[since...].filter { $0.isProblem(mentioning: name, url: nil) }.suffix(5)
        let problemLines = problems.map { "\($0.timestamp) \($0.event): \($0.message)" }
        let fix = "read the lines above; then kepedge names, kepedge sas inspect and kepedge check's step 6 (CONNACK) tell which side refuses"
        if let lastConnected {
            let line = "\(ordered[lastConnected].timestamp) \(ordered[lastConnected].message)"
            if problems.isEmpty {
                return CheckResult(id: .kepwareAgentConnected, title: title, status: .ok, details: ["last connected line: \(line)"])
            }
            return CheckResult(id: .kepwareAgentConnected, title: title, status: .warning,
                               details: ["last connected line: \(line)", "Warning/Error lines since:"] + problemLines, fix: fix)
        }
        if problems.isEmpty {
            return CheckResult(id: .kepwareAgentConnected, title: title, status: .warning,
                               details: ["no connected line and no Warning/Error line about the agent in the event log's last \(Int(window / 3600)) h"],
                               fix: "check the agent is enabled and publishing; run kepedge agent push to reapply and wait for the connected line")
        }
        return CheckResult(id: .kepwareAgentConnected, title: title, status: .error,
                           details: ["no connected line; recent Warning/Error lines about the agent:"] + problemLines, fix: fix)
    }
}
