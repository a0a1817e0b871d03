import Foundation
import KepEdgeCore

/// What only the screen knows (the wizard's own state knows the rest): focus and cursors, overlays,
/// the message pane's scroll and filter line, when running work started, the last notice.
public struct WizardUI: Equatable, Sendable {
    /// The focused place per step: fields first, then buttons (see `StepForm`).
    public var focus: [StepID: Int] = [:]
    /// Cursor positions of fields edited on screen, by field id (the text itself lives in the wizard state).
    public var editors: [String: TextField] = [:]
    /// Step 3's secrets shown in clear (steps 4 and 5 keep their own reveal flag).
    public var revealsDeviceSecrets = false
    public var showsHelp = false
    public var showsSummary = false
    public var asksToQuit = false
    /// Lines each step's body is scrolled down past what its focus needs (Down past the last button).
    public var bodyScroll: [StepID: Int] = [:]
    public var summaryScroll = 0
    /// The full-screen view of the current step's results (Ctrl-O), nil when closed.
    public var detail: ResultDetail?
    /// The terminal's size, so a key knows how far a body can scroll (the app keeps it current).
    public var screenSize = ScreenLayout.minimumSize
    /// Lines the message pane is scrolled back from the newest.
    public var messageScroll = 0
    /// The filter being typed (F6 or /), nil when not typing one.
    public var filterEditor: TextField?
    /// When the running work of a step started, for the spinner's elapsed time.
    public var runningSince: [StepID: Date] = [:]
    /// One line under the form: a file written, a failure to write it.
    public var notice: Notice?
    /// Message times are shown in this zone (the app uses the local one).
    public var timeZone: TimeZone
    /// Where the session is saved, named in the quit question.
    public var sessionPath: String?

    public struct Notice: Equatable, Sendable {
        public var text: String
        public var isError: Bool
        public init(_ text: String, isError: Bool = false) {
            self.text = text
            self.isError = isError
        }
    }

    public init(timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current, sessionPath: String? = nil) {
        self.timeZone = timeZone
        self.sessionPath = sessionPath
    }

    /// The focused place on `step`'s screen.
    public func focusIndex(on step: StepID) -> Int {
        let count = StepForm.of(step).focusCount
        guard count > 0 else { return 0 }
        return min(max(0, focus[step] ?? 0), count - 1)
    }

    /// The focused field on the current screen, nil when a button (or nothing) has focus or an overlay is up.
    public func focusedField(in state: Wizard.State) -> FieldSpec? {
        guard !showsHelp, !showsSummary, !asksToQuit, filterEditor == nil, detail == nil else { return nil }
        let form = StepForm.of(state.current)
        let index = focusIndex(on: state.current)
        return index < form.fields.count ? form.fields[index] : nil
    }

    /// The editor for `field`: the one on screen if it still holds the field's text, else a new one with
    /// the cursor at the end (the text was filled from the config, a session or a pasted string).
    public func editor(for field: FieldSpec, in state: Wizard.State) -> TextField {
        let text = field.text(in: state)
        if let editor = editors[field.id], editor.value == text { return editor }
        return TextField(text)
    }

    /// Whether `step`'s secrets are shown in clear.
    public func reveals(_ step: StepID, in state: Wizard.State) -> Bool {
        switch step {
        case .device: return revealsDeviceSecrets
        case .sas: return state.sas.revealed
        case .agent: return state.agent.revealed
        default: return false
        }
    }

    /// Notes when running work started and stopped, after every change of the wizard state.
    public mutating func noteRunning(in state: Wizard.State) {
        for step in StepID.allCases {
            if Wizard.status(of: step, in: state) == .running {
                if runningSince[step] == nil { runningSince[step] = state.now }
            } else {
                runningSince[step] = nil
            }
        }
    }
}
