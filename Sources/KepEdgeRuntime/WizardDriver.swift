import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Drives the pure `Wizard` with a `WizardRuntime` outside a terminal: send an action, then wait
/// until the step's effects have answered (or a timeout passes). Used by `kepedge check` and tests.
public final class WizardDriver {
    public private(set) var state: Wizard.State
    /// Where the runtime looks for things (`CheckRun` reads edgeHub's recent log through it).
    public let configuration: WizardRuntimeConfiguration
    private let mailbox = ActionMailbox()
    private var runtime: WizardRuntime?

    public init(state: Wizard.State, configuration: WizardRuntimeConfiguration = WizardRuntimeConfiguration()) {
        self.state = state
        self.configuration = configuration
        let mailbox = self.mailbox
        runtime = WizardRuntime(configuration: configuration) { action in mailbox.post(action) }
    }

    deinit { runtime?.shutdown() }

    /// Reduces `action` and starts its effects, without waiting for them.
    public func send(_ action: Wizard.Action) {
        let effects = Wizard.reduce(&state, action)
        runtime?.perform(effects)
    }

    /// Sends `action`, then applies the answers as they arrive until `step` no longer runs.
    /// Returns false when `timeout` passed first (the running effects are then cancelled).
    @discardableResult
    public func send(_ action: Wizard.Action, awaiting step: StepID, timeout: Duration) async -> Bool {
        send(action)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            for answer in mailbox.take() { send(answer) }
            if case .running = Wizard.status(of: step, in: state) {} else { return true }
            if ContinuousClock.now >= deadline {
                send(Self.cancelAction(for: step))
                return false
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops every effect still running.
    public func shutdown() {
        runtime?.shutdown()
    }

    private static func cancelAction(for step: StepID) -> Wizard.Action {
        switch step {
        case .certificate: return .certificate(.cancel)
        case .names: return .names(.cancel)
        case .device: return .device(.cancel)
        case .sas: return .tick(Date())
        case .agent: return .agent(.cancel)
        case .validation: return .validation(.cancel)
        }
    }
}

/// The answers effects send, kept in order until the driver takes them.
private final class ActionMailbox: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var actions: [Wizard.Action] = []

    func post(_ action: Wizard.Action) {
        lock.lock()
        actions.append(action)
        lock.unlock()
    }

    func take() -> [Wizard.Action] {
        lock.lock()
        defer { lock.unlock() }
        let taken = actions
        actions = []
        return taken
    }
}
