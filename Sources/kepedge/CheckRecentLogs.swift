import Foundation
import KepEdgeCore
import KepEdgeProbes

/// edgeHub's log (and a lab broker's log) of the last minutes as a check: the error lines about the
/// device, each with what it means, and the fix of the first one recognised.
enum RecentLogCheck {
    static let window: TimeInterval = 5 * 60

    static func edgeHub(deviceID: String?, log: EdgeHubRecentLog) async -> CheckResult {
        let subject = "edgeHub's log of the last 5 minutes"
        let title = "\(subject) has no errors\(about(deviceID))"
        switch await log.read() {
        case .unavailable(let reason):
            return CheckResult(id: "edgehub-log", title: title, status: .skipped,
                               details: ["skipped: edgeHub's log could not be read: \(reason) (permission denied: run as root or as a member of the iotedge or docker group)"])
        case .lines(let command, let lines):
            let events = lines.compactMap { text -> MonitorEvent? in
                let line = EdgeHubLogLine(parsing: text)
                guard line.levelTag != nil else { return nil }
                if let deviceID, !line.concerns(device: deviceID) { return nil }
                return line.monitorEvent(receivedAt: Date(), deviceID: deviceID)
            }
            return verdict(id: "edgehub-log", subject: subject, deviceID: deviceID, source: command, events: events)
        }
    }

    /// A mosquitto log file (the lab's broker, whose auth plugin words its lines like edgeHub): the lines
    /// of the last 5 minutes (and those without a time) about the device.
    static func brokerLog(path: String, deviceID: String?, now: Date) throws -> CheckResult {
        let subject = "broker log \(path) of the last 5 minutes"
        let text: String
        // Its last 16 MiB, a regular file only (a FIFO or /dev/zero must not hang check).
        do { text = String(decoding: try BoundedFile.readTail(path: path, limit: 16 * 1024 * 1024), as: UTF8.self) } catch {
            throw CLIFailure.input("--broker-log \(path) \(error.description); give the lab broker's log file")
        }
        let events = text.split(whereSeparator: \.isNewline).compactMap { raw -> MonitorEvent? in
            let line = MosquittoLogLine(parsing: String(raw))
            if let time = line.time, now.timeIntervalSince(time) > window { return nil }
            // The lab's auth plugin words its lines as edgeHub does: they name the device as edgeHub's do.
            let asEdgeHub = EdgeHubLogLine(parsing: line.message)
            if let deviceID, line.clientID != deviceID, !asEdgeHub.concerns(device: deviceID) { return nil }
            return line.monitorEvent(receivedAt: now)
        }
        return verdict(id: "broker-log", subject: subject, deviceID: deviceID, source: path, events: events)
    }

    private static func about(_ deviceID: String?) -> String { deviceID.map { " about \($0)" } ?? "" }

    static func verdict(id: String, subject: String, deviceID: String?, source: String, events: [MonitorEvent]) -> CheckResult {
        let errors = events.filter { $0.level == .error || $0.classification?.isFailure == true }
        guard !errors.isEmpty else {
            return CheckResult(id: id, title: "\(subject) has no errors\(about(deviceID))", status: .ok, details: ["\(events.count) line(s) read from \(source), none an error"])
        }
        let shown = errors.suffix(5).map { event in
            event.text + (event.classification.map { " (\($0.meaning))" } ?? "")
        }
        let fix = errors.lazy.compactMap { $0.classification?.fix }.first
            ?? "read the lines above; kepedge monitor follows the log live"
        return CheckResult(id: id, title: "\(subject) has \(errors.count) error line(s)\(about(deviceID))",
                           status: .error, details: shown, fix: fix)
    }
}
