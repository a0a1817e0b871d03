/// A value a step asked an effect for: not asked yet, in flight (with the request's generation),
/// arrived, or failed.
public enum Loadable<Value: Equatable & Sendable>: Equatable, Sendable {
    case idle
    case running(Generation)
    case loaded(Value)
    case failed(StepFailure)

    public init(_ result: Result<Value, StepFailure>) {
        switch result {
        case .success(let value): self = .loaded(value)
        case .failure(let failure): self = .failed(failure)
        }
    }

    /// Whether an answer for `generation` is the one awaited (older answers are dropped).
    public func isRunning(_ generation: Generation) -> Bool {
        self == .running(generation)
    }

    public var runningGeneration: Generation? {
        if case .running(let generation) = self { return generation }
        return nil
    }

    public var value: Value? {
        if case .loaded(let value) = self { return value }
        return nil
    }

    public var failure: StepFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}
