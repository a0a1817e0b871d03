/// What the UI loop hands the caller's reducer.
public enum UIEvent<Action: Sendable>: Sendable {
    case key(Key)
    /// Sent from another thread with `UILoop.send`.
    case action(Action)
    /// The terminal has a new size (the next frame is rendered for it).
    case resized(TerminalSize)
    /// The tick interval passed (spinners, elapsed times).
    case tick
}

/// The reducer's answer: go on, or end the loop.
public enum UILoopDecision: Sendable {
    case keepRunning
    case quit
}

/// How a loop ended.
public struct UILoopOutcome<State> {
    public var state: State
    /// SIGINT, SIGTERM or SIGHUP if a signal ended the loop.
    public var signal: Int32?
}

extension UILoopOutcome: Sendable where State: Sendable {}
