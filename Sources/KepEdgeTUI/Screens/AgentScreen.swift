import KepEdgeCore

/// Step 5's results: the push outcome (Kepware's connected line, refused items, read-back differences,
/// event-log problems) and the settings card to type into Kepware's dialog.
enum AgentScreen {
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
