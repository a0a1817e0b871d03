import KepEdgeProbes

/// Picks the one place a secret came from (a flag, a file flag or an environment variable) and reads it.
/// Two places at once is an input error: kepedge never guesses which one was meant.
struct SecretSourceChoice {
    enum Kind {
        /// The value is the secret itself.
        case inline
        /// The value is a path to a file holding the secret.
        case file
    }

    struct Candidate {
        let name: String
        let value: String?
        let kind: Kind
    }

    /// The value of environment variable `name`, nil when unset or empty (an empty variable is not a source).
    static func environment(_ name: String, in environment: [String: String]) -> Candidate {
        Candidate(name: name, value: environment[name].flatMap { $0.isEmpty ? nil : $0 }, kind: .inline)
    }

    /// The source used (`--key-file /path`, `KEPEDGE_DEVICE_KEY`…) and the secret text, or nil when none was given.
    /// `what` names the secret in messages, e.g. "the device key".
    static func pick(_ candidates: [Candidate], what: String) throws -> (source: String, text: String)? {
        let given = candidates.filter { $0.value != nil }
        if given.count > 1 {
            throw CLIFailure.input("\(what) was given \(given.count) ways (\(given.map(\.name).joined(separator: ", "))); give exactly one")
        }
        guard let chosen = given.first, let value = chosen.value else { return nil }
        switch chosen.kind {
        case .inline:
            return (chosen.name, value)
        case .file:
            do {
                return ("\(chosen.name) \(value)", try SecretInput.read(file: value))
            } catch {
                throw CLIFailure.input("\(chosen.name) \(error.description)")
            }
        }
    }
}
