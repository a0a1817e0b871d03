import KepEdgeCore

/// Whether a step's button can run now, and if not, which input it waits for. A button "cannot run"
/// when the wizard would do nothing with its action (no effect, no change): then the screen says which
/// field is missing instead of staying silent.
public struct MissingInput: Equatable, Sendable {
    /// The field's index in the step's form, nil when the input is not a field on this screen.
    public var fieldIndex: Int?
    public var fieldLabel: String
    /// What is wrong with it (the step model's words).
    public var problem: String
    /// What it is needed for (the field's hint).
    public var purpose: String

    /// One line for the notice: `Verify needs the Root CA file: give a path (PEM or DER; Locate CA finds it)`.
    public func sentence(for button: String) -> String {
        let why = purpose.isEmpty ? "" : " (\(purpose))"
        return "\(button) needs the \(fieldLabel): \(problem)\(why)"
    }
}

public enum StepReadiness {
    /// Why `action` cannot run in `state`, nil when it can (or when the wizard would at least say why itself).
    public static func missingInput(for action: ActionSpec, in state: Wizard.State) -> MissingInput? {
        var tried = state
        let effects = Wizard.reduce(&tried, action.action(state))
        guard effects.isEmpty, tried == state else { return nil }
        let form = StepForm.of(state.current)
        guard let error = StepScreen.fieldErrors(state.current, state).first else { return nil }
        if let index = form.fields.firstIndex(where: { $0.id == error.field }) {
            let field = form.fields[index]
            return MissingInput(fieldIndex: index, fieldLabel: field.label, problem: error.message, purpose: field.hint)
        }
        return MissingInput(fieldIndex: nil, fieldLabel: error.field, problem: error.message, purpose: "")
    }
}
