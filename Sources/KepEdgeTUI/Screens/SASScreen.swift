import KepEdgeCore

/// Step 4's results: the token (masked unless revealed), whom it is for, and when it expires.
enum SASScreen {
    static func extras(_ state: Wizard.State, into body: inout BodyBuilder, glyphs: GlyphSet) {
        guard let token = state.sas.token else { return }
        let inspection = token.inspection
        body.text(state.sas.revealed ? "Token: \(token.value.revealed)" : "Token: \(glyphs.secretMask)  (F2 shows)", style: .bold)
        body.text("For \(inspection.deviceID ?? "?") on \(inspection.hubHostName)", indent: 2)
        let left = inspection.timeLeft(at: state.now)
        body.text("\(DurationWording.expiry(timeLeft: left)) (\(DurationWording.timestamp(inspection.expiry)))",
                  style: left < SASStep.expiryWarning ? .warning : .plain, indent: 2)
    }
}
