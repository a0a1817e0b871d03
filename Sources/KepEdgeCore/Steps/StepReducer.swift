/// The shape every wizard step has: a value `State`, the `Action`s a user or a finished effect can
/// send, and a pure `reduce` that changes the state and returns the `Effect`s it wants performed.
///
/// Effects are requests (probe TLS, resolve a name, call the registry …), never I/O: a runtime in
/// the probe layer performs them and sends the result back as an action that carries the
/// `generation` of its request, so a result for an edited input or an older request is dropped.
public protocol StepReducer {
    associatedtype State: Equatable & Sendable
    associatedtype Action: Sendable
    associatedtype Effect: Equatable & Sendable

    static func reduce(_ state: inout State, _ action: Action) -> [Effect]
}

/// Numbers a step's requests, so that only the answer to the latest one is accepted.
public typealias Generation = Int

/// A failure an effect reports back to a step: one line the engineer can act on.
public struct StepFailure: Error, Equatable, Codable, Sendable, CustomStringConvertible {
    public var message: String
    /// What to do about it, when the runtime knows.
    public var fix: String?

    public init(_ message: String, fix: String? = nil) {
        self.message = message
        self.fix = fix
    }

    public var description: String { message }
}

/// A field whose value blocks moving on, and why.
public struct FieldError: Error, Equatable, Sendable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A step state that numbers its own requests.
public protocol IssuesRequests {
    var nextGeneration: Generation { get set }
}

extension IssuesRequests {
    /// The generation for a new request; later answers must carry it to be accepted.
    mutating func takeGeneration() -> Generation {
        defer { nextGeneration += 1 }
        return nextGeneration
    }
}
