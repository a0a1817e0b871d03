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
    /// A stable identifier for scripts and the JSON schema, e.g. `tls-verify`.
    public var id: String
    /// What was checked, in words, e.g. "edgeHub's certificate chain verifies against the root CA".
    public var title: String
    public var status: CheckStatus
    /// Evidence lines: what was seen.
    public var details: [String]
    /// What to do about it; present for warnings and errors.
    public var fix: String?

    public init(id: String, title: String, status: CheckStatus, details: [String] = [], fix: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.details = details
        self.fix = fix
    }
}
