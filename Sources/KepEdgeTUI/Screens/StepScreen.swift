import Foundation
import KepEdgeCore

/// The body every step screen shares: its fields (focus, inline errors, masked secrets), its buttons,
/// then the spinner, the notice, why moving on was blocked, the step's status, and the step's results.
enum StepScreen {
    static func body(_ state: Wizard.State, _ ui: WizardUI, width: Int, glyphs: GlyphSet) -> BodyBuilder {
        let step = state.current
        let form = StepForm.of(step)
        let focus = ui.focusIndex(on: step)
        let errors = fieldErrors(step, state)
        var body = BodyBuilder(width: width)
        let inForm = Set(form.fields.map(\.id))
        for (index, field) in form.fields.enumerated() {
            let focused = index == focus && !ui.showsHelp && !ui.asksToQuit && ui.filterEditor == nil
            body.field(field.label, editor: ui.editor(for: field, in: state), isSecret: field.isSecret,
                       isRevealed: ui.reveals(step, in: state), isFocused: focused)
            let value = field.text(in: state)
            // An empty field gets its hint until the engineer tries to move on; then it says what is wrong.
            if let error = errors.first(where: { $0.field == field.id }), !value.isEmpty || state.blockedReason != nil {
                body.text("\(glyphs.error) \(error.message)", style: .error, indent: 2)
            } else if focused {
                body.text(field.hint + (field.isSecret ? (ui.reveals(step, in: state) ? " (F2 hides)" : " (F2 shows)") : ""),
                          style: .muted, indent: 2)
            }
        }
        for error in errors where !inForm.contains(error.field) {
            body.text("Needs: \(error.message)", style: .warning)
        }
        body.buttons(form.actions.map { "\($0.label)" }, focused: focus >= form.fields.count ? focus - form.fields.count : nil)
        body.blank()
        if let since = ui.runningSince[step] {
            let elapsed = Duration.milliseconds(Int64(max(0, state.now.timeIntervalSince(since)) * 1000))
            body.text(SpinnerView(label: form.runningLabel, elapsed: elapsed).text(glyphs), style: .accent)
        }
        if let notice = ui.notice { body.text(notice.text, style: notice.isError ? .error : .ok) }
        if let blocked = state.blockedReason { body.text("\(glyphs.warning) Cannot move on: \(blocked)", style: .warning) }
        let checks = results(step, state)
        status(step, state, checks: checks, into: &body, glyphs: glyphs)
        // Errors first: at 80x24 the first few lines are what the engineer sees without scrolling.
        for check in checks.enumerated().sorted(by: { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }) {
            body.check(check.element, glyphs: glyphs)
        }
        extras(step, state, ui, into: &body, glyphs: glyphs)
        return body
    }

    static func rank(_ check: CheckResult) -> Int {
        switch check.status {
        case .error: return 0
        case .warning: return 1
        case .ok: return 2
        case .skipped: return 3
        }
    }

    /// The errors shown beside fields: what the step's main button needs, not only what blocks moving on.
    static func fieldErrors(_ step: StepID, _ state: Wizard.State) -> [FieldError] {
        switch step {
        case .certificate: return CertificateStep.verifyFieldErrors(state.certificate)
        case .names: return NamesStep.fieldErrors(state.names)
        case .device: return DeviceStep.registryFieldErrors(state.device).filter {
            $0.field != "ownerConnectionString" || !state.device.ownerConnectionString.isEmpty
        }
        case .sas: return SASStep.fieldErrors(state.sas)
        case .agent: return AgentStep.pushFieldErrors(state.agent)
        case .validation: return ValidationStep.fieldErrors(state.validation)
        }
    }

    static func results(_ step: StepID, _ state: Wizard.State) -> [CheckResult] {
        Wizard.checks(of: step, in: state)
    }

    static func extras(_ step: StepID, _ state: Wizard.State, _ ui: WizardUI, into body: inout BodyBuilder, glyphs: GlyphSet) {
        switch step {
        case .certificate: CertificateScreen.extras(state, into: &body)
        case .names: NamesScreen.extras(state, into: &body)
        case .device: DeviceScreen.extras(state, into: &body)
        case .sas: SASScreen.extras(state, into: &body, glyphs: glyphs)
        case .agent: AgentScreen.extras(state, into: &body, glyphs: glyphs)
        case .validation: ValidationScreen.extras(state, into: &body)
        }
    }

    /// The step bar's verdict in words, unless a check below already says it.
    static func status(_ step: StepID, _ state: Wizard.State, checks: [CheckResult], into body: inout BodyBuilder, glyphs: GlyphSet) {
        switch Wizard.status(of: step, in: state) {
        case .pending, .running:
            break
        case .done(let warning):
            if let warning { body.text("\(glyphs.warning) Done, but: \(warning)", style: .warning) } else {
                body.text("\(glyphs.ok) Step \(step.rawValue) done. PgDn for the next step.", style: .ok)
            }
        case .stale(let reason):
            body.text("\(glyphs.warning) Out of date: \(reason)", style: .warning)
        case .failed(let reason):
            if !checks.contains(where: { $0.title == reason }) { body.text("\(glyphs.error) \(reason)", style: .error) }
        }
    }
}
