import KepEdgeCore

/// After step 6: every value the Kepware host needs, together, and where each step stands.
enum SummaryScreen {
    static func body(_ state: Wizard.State, _ ui: WizardUI, width: Int, glyphs: GlyphSet) -> BodyBuilder {
        var body = BodyBuilder(width: width)
        let values = CarriedValues.all(state)
        if values.isEmpty { body.text("Nothing to carry yet: the steps have not produced values.", style: .muted) }
        for value in values {
            let shown = value.isSecret && !state.sas.revealed ? glyphs.secretMask : value.value
            body.text("\(value.label): \(shown)")
        }
        if let token = state.sas.token {
            body.text("SAS token \(DurationWording.expiry(timeLeft: token.inspection.timeLeft(at: state.now)))", style: .bold)
        }
        body.blank()
        for step in StepID.allCases {
            let line: (String, CellStyle) = switch Wizard.status(of: step, in: state) {
            case .done(nil): ("\(glyphs.ok) \(step.rawValue) \(step.shortTitle): done", .ok)
            case .done(let warning?): ("\(glyphs.warning) \(step.rawValue) \(step.shortTitle): \(warning)", .warning)
            case .pending: ("\(glyphs.empty) \(step.rawValue) \(step.shortTitle): not done", .muted)
            case .running: ("\(glyphs.half) \(step.rawValue) \(step.shortTitle): running", .accent)
            case .stale(let reason): ("\(glyphs.warning) \(step.rawValue) \(step.shortTitle): \(reason)", .warning)
            case .failed(let reason): ("\(glyphs.error) \(step.rawValue) \(step.shortTitle): \(reason)", .error)
            }
            body.text(line.0, style: line.1)
        }
        if let notice = ui.notice { body.text(notice.text, style: notice.isError ? .error : .ok) }
        body.text("F3 writes these values to a file (mode 0600: it holds the token).", style: .muted)
        return body
    }
}
