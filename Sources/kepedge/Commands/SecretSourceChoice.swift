import KepEdgeProbes

/// Picks the one place a secret came from (a flag, a file flag or an environment variable) and reads it.
/// Two places at once is an input error: kepedge never guesses which one was meant.
struct SecretSourceChoice {
    enum Kind {
        /// The value is the secret itself, from the environment.
        case inline
        /// The value is the secret itself, on the command line: any user can read it in /proc/PID/cmdline
        /// (and `ps`) while kepedge runs, and it stays in shell history. Allowed, with a warning.
        case flag
        /// The value is a path to a file holding the secret, or `-` for standard input.
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
        case .flag:
            CommandOutput.noteAfterRun(commandLineWarning(chosen.name, alternatives: candidates))
            return (chosen.name, value)
        case .file where value == "-":
            do {
                return ("\(chosen.name) -", try SecretInput.readStandardInput(prompt: "Paste \(what) and press Enter (not shown):"))
            } catch {
                throw CLIFailure.input("\(chosen.name) -: \(error.description)")
            }
        case .file:
            do {
                return ("\(chosen.name) \(value)", try SecretInput.read(file: value))
            } catch {
                throw CLIFailure.input("\(chosen.name) \(error.description)")
            }
        }
    }

    /// `--key on the command line can be read by other users … use --key-file FILE (- for standard input) or KEPEDGE_DEVICE_KEY`.
    static func commandLineWarning(_ name: String, alternatives candidates: [Candidate]) -> String {
        let files = candidates.filter { $0.kind == .file }.map { "\($0.name) FILE (- for standard input)" }
        let variables = candidates.filter { $0.kind == .inline && !$0.name.hasPrefix("-") }.map(\.name)
        let instead = (files + variables).joined(separator: " or ")
        return "\(name) on the command line can be read by other users (ps, /proc/PID/cmdline) and stays in shell history"
            + (instead.isEmpty ? "" : "; use \(instead) instead")
    }
}
