import KepEdgeCore

/// What `kepedge check` reports: every step's checks in order, and the counts by status.
/// `--output json` encodes it as documented in docs/check-json.md; `text` is the plain form.
public struct CheckReport: Encodable, Equatable, Sendable {
    /// One check under the step it belongs to.
    public struct Check: Encodable, Equatable, Sendable {
        public var step: Int
        public var result: CheckResult

        public init(step: StepID, result: CheckResult) {
            self.step = step.rawValue
            self.result = result
        }

        enum CodingKeys: String, CodingKey { case step, id, title, status, details, fix }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(step, forKey: .step)
            try container.encode(result.id, forKey: .id)
            try container.encode(result.title, forKey: .title)
            try container.encode(result.status.rawValue, forKey: .status)
            try container.encode(result.details, forKey: .details)
            try container.encode(result.fix, forKey: .fix)
        }
    }

    public struct Summary: Encodable, Equatable, Sendable {
        public var ok = 0
        public var warnings = 0
        public var errors = 0
        public var skipped = 0

        /// The footer of the text output.
        public var line: String {
            "\(ok) ok, \(warnings) warning\(warnings == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), \(skipped) skipped"
        }
    }

    public var checks: [Check]
    public var summary: Summary

    public init(checks: [Check]) {
        self.checks = checks
        var summary = Summary()
        for check in checks {
            switch check.result.status {
            case .ok: summary.ok += 1
            case .warning: summary.warnings += 1
            case .error: summary.errors += 1
            case .skipped: summary.skipped += 1
            }
        }
        self.summary = summary
    }

    /// `ok|warning|error|skipped  <title>`, evidence indented under it, `fix:` under every warning and
    /// error, then a blank line and the summary.
    public var text: String {
        Self.render(checks.map(\.result)) + "\n" + summary.line + "\n"
    }

    /// Check results as text lines (also for `kepedge tls`, `names` and `certs show`).
    public static func render(_ results: [CheckResult]) -> String {
        let width = CheckStatus.allCases.map(\.rawValue.count).max() ?? 7
        let indent = String(repeating: " ", count: width + 2)
        var text = ""
        for check in results {
            let status = check.status.rawValue
            text += status + String(repeating: " ", count: width + 2 - status.count) + check.title + "\n"
            for detail in check.details {
                text += indent + detail + "\n"
            }
            if let fix = check.fix, check.status == .warning || check.status == .error {
                text += indent + "fix: " + fix + "\n"
            }
        }
        return text
    }
}
