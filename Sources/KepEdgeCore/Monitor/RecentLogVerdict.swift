/// A log of the last minutes as a check (`kepedge check`, step 6): the error lines about the device,
/// each with what it means, and the fix of the first one recognised.
public enum RecentLogVerdict {
    /// How far back the logs are read.
    public static let window: Double = 5 * 60

    /// The verdict over `events` read from `source` (a command line or a file path).
    /// - Parameters:
    ///   - id: `edgehub-log` or `broker-log`.
    ///   - subject: what was read, e.g. "edgeHub's log of the last 5 minutes".
    public static func check(id: CheckID, subject: String, deviceID: String?, source: String, events: [MonitorEvent]) -> CheckResult {
        let errors = events.filter { $0.level == .error || $0.classification?.isFailure == true }
        guard !errors.isEmpty else {
            return CheckResult(id: id, title: "\(subject) has no errors\(about(deviceID))", status: .ok,
                               details: ["\(events.count) line(s) read from \(source), none an error"])
        }
        let shown = errors.suffix(5).map { event in
            event.text + (event.classification.map { " (\($0.meaning))" } ?? "")
        }
        let fix = errors.lazy.compactMap { $0.classification?.fix }.first
            ?? "read the lines above; kepedge monitor follows the log live"
        return CheckResult(id: id, title: "\(subject) has \(errors.count) error line(s)\(about(deviceID))",
                           status: .error, details: shown, fix: fix)
    }

    /// edgeHub's log could not be read (no `iotedge`, no docker, no permission).
    public static func unreadable(deviceID: String?, reason: String) -> CheckResult {
        CheckResult(id: .edgeHubLog, title: "edgeHub's log of the last 5 minutes has no errors\(about(deviceID))", status: .skipped,
                    details: ["skipped: edgeHub's log could not be read: \(reason) (permission denied: run as root or as a member of the iotedge or docker group)"])
    }

    private static func about(_ deviceID: String?) -> String { deviceID.map { " about \($0)" } ?? "" }
}
