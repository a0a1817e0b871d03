import KepEdgeCore

/// Step 5's results: the push outcome (Kepware's connected line, refused items, read-back differences,
/// event-log problems) and the settings card to type into Kepware's dialog.
enum AgentScreen {
    static func checks(_ state: Wizard.State) -> [CheckResult] {
        if let failure = state.agent.push.failure { return [.failure(failure, id: "push")] }
        guard let outcome = state.agent.push.value else { return [] }
        var results = [CheckResult(id: "push", title: "agent \(outcome.created ? "created" : "updated") through the Configuration API",
                                   status: .ok)]
        if let line = outcome.connectedLine {
            results.append(CheckResult(id: "connected", title: "Kepware reports the agent connected", status: .ok, details: [line]))
        } else {
            results.append(CheckResult(id: "connected", title: "Kepware did not report the agent connected", status: .error,
                                       details: outcome.eventLogProblems,
                                       fix: "Read the event-log lines above; step 6 shows what edgeHub answers the device."))
        }
        for failure in outcome.itemFailures { results.append(CheckResult(id: "item", title: "IoT item refused: \(failure)", status: .warning)) }
        for difference in outcome.differences {
            results.append(CheckResult(id: "readback", title: "read back differently: \(difference)", status: .warning))
        }
        return results
    }

    static func extras(_ state: Wizard.State, into body: inout BodyBuilder, glyphs: GlyphSet) {
        guard case .success(let settings) = AgentStep.settings(state.agent) else { return }
        let card = KepwareSettingsCard(settings: settings, revealSecrets: state.agent.revealed,
                                       tokenExpiry: state.sas.token?.inspection.expiry, now: state.now)
        body.blank()
        body.text("MQTT Client agent \"\(card.agentName)\":", style: .bold)
        for row in card.rows where ["URL", "Topic", "Client ID", "Username", "Password"].contains(row.label) {
            let value = row.isSecret && !state.agent.revealed && !settings.password.isEmpty ? glyphs.secretMask : row.value
            body.text("\(row.label): \(value)", indent: 2)
        }
    }
}
