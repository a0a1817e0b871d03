import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeRuntime
import KepEdgeTUI
#if canImport(Glibc)
import Glibc
#endif

/// The interactive wizard: the UI loop owns curses on its own thread, the runtime performs the
/// wizard's effects on others and sends their results back into the loop, a 1 s tick moves the clocks.
enum WizardApp {
    /// What the UI loop holds: the wizard's state and the screen's own.
    struct State {
        var wizard: Wizard.State
        var ui: WizardUI
        var saveOnQuit = false
    }

    /// What reaches the loop from other threads: the runtime's results, and the outcome of file work
    /// (session saves, F3 files) done off the UI thread.
    enum Action: Sendable {
        case wizard(Wizard.Action)
        /// The session was written as it was when the save was asked.
        case sessionSaved(WizardSession)
        /// A file was written, or not: the notice to show.
        case fileWritten(WizardUI.Notice)
    }

    /// Runs the wizard until the engineer quits; returns the exit code (0, or 128 + a signal).
    /// Not a terminal: says to use `kepedge check` / `monitor` and returns 2.
    /// The UI loop runs on a thread of its own; this suspends meanwhile, leaving the shared executor to
    /// the runtime's effects (and a lab's parts).
    static func run(initialState: Wizard.State, configuration: WizardRuntimeConfiguration, sessionPath: String?) async throws -> Int32 {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            FileHandle.standardError.write(Data(
                "kepedge: the wizard needs an interactive terminal; in scripts and pipes use 'kepedge check' or 'kepedge monitor'\n".utf8))
            return CLIFailure.usageExitCode
        }
        TerminalRestore.saveAndInstallFallbacks()
        let store = sessionPath.map(SessionStore.init(path:))
        let runtimeBox = RuntimeBox()
        let drawnSize = DrawnSize()
        let fileWork = BackgroundFileWork()
        let ui = WizardUI(timeZone: .current, sessionPath: sessionPath)
        let loop = UILoop<State, Action>(
            initialState: State(wizard: initialState, ui: ui), tickInterval: .seconds(1),
            reducer: { state, event in
                guard let runtime = runtimeBox.runtime else { return .keepRunning }
                // Keys that scroll need the size the screen was last drawn at.
                state.ui.screenSize = drawnSize.size
                return reduce(&state, event, runtime: runtime, store: store, files: fileWork)
            },
            renderer: { state, size, capabilities in
                drawnSize.size = size
                return WizardScreen.render(state.wizard, state.ui, size: size, capabilities: capabilities)
            })
        let runtime = WizardRuntime(configuration: configuration) { [loop] action in loop.send(.wizard(action)) }
        runtimeBox.runtime = runtime
        fileWork.report = { [loop] action in loop.send(action) }
        defer { runtime.shutdown() }
        loop.send(.wizard(.start(now: Date())))

        let outcome: UILoopOutcome<State>
        do {
            outcome = try await loop.run { try CursesBackend() }
        } catch let error as CursesBackend.StartError {
            throw CLIFailure.input(error.description)
        }
        // The terminal is back. Saves asked before quitting land first, so the quit-time save is the last word.
        fileWork.waitUntilIdle()
        if let signal = outcome.signal {
            FileHandle.standardError.write(Data("kepedge: stopped by signal \(signal); terminal restored\n".utf8))
            return 128 + signal
        }
        if outcome.state.saveOnQuit, let store {
            do {
                try store.save(WizardSession(outcome.state.wizard, savedAt: Date()))
            } catch {
                throw CLIFailure.input("session \(store.path): \(error); your settings were not saved")
            }
        }
        return 0
    }

    /// One loop event: keys go through the key map, actions and ticks into the wizard; effects to the runtime.
    /// Nothing here waits for a disk: session saves and F3 files go to `files`, whose outcome comes back
    /// as an `Action`.
    static func reduce(_ state: inout State, _ event: UIEvent<Action>, runtime: WizardRuntime, store: SessionStore?,
                       files: BackgroundFileWork) -> UILoopDecision {
        var effects: [WizardUIEffect] = []
        switch event {
        case .key(let key):
            state.ui.notice = nil
            effects = WizardKeyMap.handle(key, state: state.wizard, ui: &state.ui)
        case .action(.wizard(let action)):
            effects = [.send(action)]
        case .action(.sessionSaved(let saved)):
            // Only if nothing changed meanwhile: otherwise the newer settings are still unsaved.
            if WizardSession(state.wizard, savedAt: saved.savedAt) == saved {
                _ = Wizard.reduce(&state.wizard, .sessionSaved)
            }
        case .action(.fileWritten(let notice)):
            state.ui.notice = notice
        case .tick:
            effects = [.send(.tick(Date()))]
        case .resized:
            break
        }
        for effect in effects {
            switch effect {
            case .send(let action):
                let before = StepID.allCases.map { Wizard.status(of: $0, in: state.wizard).isDone }
                runtime.perform(Wizard.reduce(&state.wizard, action))
                let after = StepID.allCases.map { Wizard.status(of: $0, in: state.wizard).isDone }
                // A step just completed: keep its settings even if the session ends badly later.
                if zip(before, after).contains(where: { !$0 && $1 }), state.wizard.unsavedChanges, let store {
                    files.save(WizardSession(state.wizard, savedAt: Date()), to: store)
                }
            case .quit(let save):
                state.saveOnQuit = save
                return .quit
            case .write(let file):
                files.write(file, into: state.wizard.certificate.exportDirectory)
            }
        }
        state.ui.noteRunning(in: state.wizard)
        return .keepRunning
    }
}

/// The size of the last frame; written by the renderer and read by the reducer, both on the UI thread.
private final class DrawnSize: @unchecked Sendable {
    var size = ScreenLayout.minimumSize
}

/// Hands the runtime to the loop's reducer (the runtime needs the loop to send into, so it comes second).
private final class RuntimeBox: @unchecked Sendable {
    var runtime: WizardRuntime?
}

/// File work the UI thread hands off (a slow or hung disk must not freeze the screen): one serial queue,
/// so saves land in the order they were asked; each outcome goes back to the loop through `report`.
final class BackgroundFileWork: @unchecked Sendable {
    private let queue = DispatchQueue(label: "kepedge-wizard-files", qos: .utility)
    /// Set once, before the loop runs.
    var report: @Sendable (WizardApp.Action) -> Void = { _ in }

    /// Saves the session (atomically, 0600 as `SessionStore` does); says so when it fails.
    func save(_ session: WizardSession, to store: SessionStore) {
        let report = self.report
        queue.async {
            do {
                try store.save(session)
                report(.sessionSaved(session))
            } catch {
                report(.fileWritten(.init("Could not save the session to \(store.path): \(error)", isError: true)))
            }
        }
    }

    /// Writes F3's carried values and reports the notice to show.
    func write(_ file: CarriedValuesFile, into directory: String) {
        let report = self.report
        queue.async { report(.fileWritten(CarriedValuesWriter.write(file, into: directory))) }
    }

    /// Blocks until the work asked so far is done (after the terminal is given back, before quitting).
    func waitUntilIdle() {
        queue.sync {}
    }
}

/// Writes carried values for the Kepware host: atomically, 0600 when they hold a secret.
enum CarriedValuesWriter {
    static func write(_ file: CarriedValuesFile, into directory: String) -> WizardUI.Notice {
        let folder = directory.trimmingCharacters(in: .whitespaces).isEmpty
            ? FileManager.default.currentDirectoryPath : directory
        let path = URL(fileURLWithPath: folder).appendingPathComponent(file.fileName).path
        do {
            try AtomicFileWriter.write(Data(file.contents.utf8), to: path, mode: file.holdsSecret ? 0o600 : 0o644)
            return .init("Wrote \(file.values.count) value(s) to \(path)\(file.holdsSecret ? " (mode 0600: it holds a secret)" : "")")
        } catch {
            return .init("Could not write the values: \(error)", isError: true)
        }
    }
}
