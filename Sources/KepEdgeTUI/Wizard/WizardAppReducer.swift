import Foundation
import KepEdgeCore

/// The wizard app's decisions, pure: one loop event (a key, a result from the runtime, a file outcome,
/// a tick, a new terminal size) changes the app's state and returns what to do as values. The
/// executable (`kepedge/WizardApp.swift`) carries the effects out: the runtime performs the wizard's
/// effects, a background queue writes files, the loop ends on `.quit`.
public enum WizardAppReducer {
    /// What the UI loop holds: the wizard's state and the screen's own.
    public struct State: Equatable, Sendable {
        public var wizard: Wizard.State
        public var ui: WizardUI
        /// Set by the quit answer: the executable saves the session after the terminal is given back.
        public var saveOnQuit = false

        public init(wizard: Wizard.State, ui: WizardUI) {
            self.wizard = wizard
            self.ui = ui
        }

        /// Whether the session is saved anywhere (`kepedge wizard` has a file; a lab has none).
        var savesSession: Bool { ui.sessionPath != nil }
    }

    /// What reaches the loop from other threads: the runtime's results and the outcome of file work.
    public enum Message: Equatable, Sendable {
        case wizard(Wizard.Action)
        /// The session was written as it was when the save was asked.
        case sessionSaved(WizardSession)
        /// A file was written, or not: the notice to show.
        case fileWritten(WizardUI.Notice)
    }

    /// What the app is asked to do, in order.
    public enum Effect: Equatable, Sendable {
        /// The wizard's own effects, for the runtime.
        case perform([Wizard.Effect])
        /// Save the session (off the UI thread; the outcome comes back as `.sessionSaved` or a notice).
        case saveSession(WizardSession)
        /// Write F3's values into `directory` (the working directory when empty).
        case writeFile(CarriedValuesFile, directory: String)
        /// End the loop; `State.saveOnQuit` says whether to save first.
        case quit
    }

    /// One loop event; `now` is the wall clock, for ticks and the time a session is saved.
    public static func reduce(_ state: inout State, _ event: UIEvent<Message>, now: Date) -> [Effect] {
        var asked: [WizardUIEffect] = []
        switch event {
        case .key(let key):
            state.ui.notice = nil
            asked = WizardKeyMap.handle(key, state: state.wizard, ui: &state.ui)
        case .action(.wizard(let action)):
            asked = [.send(action)]
        case .action(.sessionSaved(let saved)):
            // Only if nothing changed meanwhile: otherwise the newer settings are still unsaved.
            if WizardSession(state.wizard, savedAt: saved.savedAt) == saved {
                _ = Wizard.reduce(&state.wizard, .sessionSaved)
            }
        case .action(.fileWritten(let notice)):
            state.ui.notice = notice
        case .tick:
            asked = [.send(.tick(now))]
        case .resized(let size):
            // Keys that scroll need the size the screen is drawn at.
            state.ui.screenSize = size
            clampScrolls(&state)
        }
        var effects: [Effect] = []
        for effect in asked {
            switch effect {
            case .send(let action):
                effects += send(action, to: &state, now: now)
            case .quit(let save):
                state.saveOnQuit = save
                state.ui.noteRunning(in: state.wizard)
                return effects + [.quit]
            case .write(let file):
                effects.append(.writeFile(file, directory: state.wizard.certificate.exportDirectory))
            }
        }
        state.ui.noteRunning(in: state.wizard)
        return effects
    }

    /// Reduces `action` into the wizard; when a step has just completed, its settings are saved at once
    /// (they are kept even if the session ends badly later).
    private static func send(_ action: Wizard.Action, to state: inout State, now: Date) -> [Effect] {
        let before = StepID.allCases.map { Wizard.status(of: $0, in: state.wizard).isDone }
        let wizardEffects = Wizard.reduce(&state.wizard, action)
        let after = StepID.allCases.map { Wizard.status(of: $0, in: state.wizard).isDone }
        var effects: [Effect] = wizardEffects.isEmpty ? [] : [.perform(wizardEffects)]
        if zip(before, after).contains(where: { !$0 && $1 }), state.wizard.unsavedChanges, state.savesSession {
            effects.append(.saveSession(WizardSession(state.wizard, savedAt: now)))
        }
        return effects
    }

    /// A smaller screen scrolls less far: a body scrolled past its new limit comes back to it.
    private static func clampScrolls(_ state: inout State) {
        let limit = WizardScreen.bodyScrollLimit(state.wizard, state.ui)
        if let scroll = state.ui.bodyScroll[state.wizard.current], scroll > limit { state.ui.bodyScroll[state.wizard.current] = limit }
        if state.ui.showsSummary { state.ui.summaryScroll = min(state.ui.summaryScroll, limit) }
    }
}
