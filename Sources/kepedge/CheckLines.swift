import KepEdgeCore

/// The text form of check results: `ok|warning|error|skipped  <title>`, evidence indented under it,
/// and `fix:` under every warning and error.
enum CheckLines {
    static func render(_ checks: [CheckResult]) -> String {
        let width = CheckStatus.allCases.map(\.rawValue.count).max() ?? 7
        let indent = String(repeating: " ", count: width + 2)
        var text = ""
        for check in checks {
            let status = check.status.rawValue
            // Titles and details quote servers and logs (edgeHub lines, Kepware's answers): terminal-safe, one line each.
            text += status + String(repeating: " ", count: width + 2 - status.count) + TerminalText.oneLine(check.title) + "\n"
            for detail in check.details {
                text += indent + TerminalText.oneLine(detail) + "\n"
            }
            if let fix = check.fix, check.status == .warning || check.status == .error {
                text += indent + "fix: " + fix + "\n"
            }
        }
        return text
    }
}
