/// The verdict of one check, as `kepedge check` prints it and as each step shows it.
/// Modelled on `iotedge check`: ok, warning, error, or skipped (an input was missing or an earlier check failed).
public enum CheckStatus: String, Codable, Sendable, CaseIterable {
    case ok
    case warning
    case error
    case skipped
}

/// One check's outcome: what was checked, the verdict, the evidence, and the fix when it is not ok.
public struct CheckResult: Equatable, Codable, Sendable {
    /// The stable identifier scripts rely on (docs/check-json.md).
    public var id: CheckID
    /// What was checked, in words, e.g. "edgeHub's certificate chain verifies against the root CA".
    public var title: String
    public var status: CheckStatus
    /// Evidence lines: what was seen.
    public var details: [String]
    /// What to do about it; present for warnings and errors.
    public var fix: String?

    public init(id: CheckID, title: String, status: CheckStatus, details: [String] = [], fix: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.details = details
        self.fix = fix
    }

    /// An effect's failure as the error verdict of check `id`, with the runtime's fix.
    public init(failure: StepFailure, id: CheckID) {
        self.init(id: id, title: failure.message, status: .error, fix: failure.fix)
    }

    /// The step's own check could not run: an input is missing (the reason says which and how to give it).
    public static func skipped(_ step: StepID, reason: String) -> CheckResult {
        CheckResult(id: step.checkID, title: step.checkTitle, status: .skipped, details: ["skipped: \(reason)"])
    }

    /// The step's checks did not finish within `limit` (what was running was cancelled).
    public static func timedOut(_ step: StepID, after limit: Duration) -> CheckResult {
        CheckResult(
            id: step.checkID, title: "step \(step.rawValue) (\(step.shortTitle)) did not finish within \(limit)", status: .error,
            fix: "Check that the gateway answers, or give more time with --step-timeout.")
    }
}

extension StepID {
    /// The id a step's checks are reported under as a whole: when they are skipped or time out.
    public var checkID: CheckID {
        switch self {
        case .certificate: return .certificate
        case .names: return .names
        case .device: return .deviceRegistry
        case .sas: return .sasToken
        case .agent: return .agent
        case .validation: return .validate
        }
    }

    /// What the step checks, in one line, for a skipped or timed-out report.
    public var checkTitle: String {
        switch self {
        case .certificate: return "TLS verify of edgeHub's certificate"
        case .names: return "gateway name resolves and port answers"
        case .device: return "device exists, enabled, parent set"
        case .sas: return "SAS token well formed and current"
        case .agent: return "Kepware agent configured for the gateway"
        case .validation: return "MQTT connect and test publish through the gateway"
        }
    }
}
