import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Reads edgeHub's log (and a lab broker's log) of the last minutes for `kepedge check`'s step 6;
/// `RecentLogVerdict` judges what was read.
public enum RecentLogReader {
    /// The lines of edgeHub's log about the device, as events.
    public static func edgeHub(deviceID: String?, log: any EdgeHubRecentLogSource) async -> CheckResult {
        switch await log.read() {
        case .unavailable(let reason):
            return RecentLogVerdict.unreadable(deviceID: deviceID, reason: reason)
        case .lines(let command, let lines):
            return edgeHub(lines: lines, from: command, deviceID: deviceID)
        }
    }

    /// edgeHub's lines as `command` printed them: those about the device, judged.
    public static func edgeHub(lines: [String], from command: String, deviceID: String?) -> CheckResult {
        let events = lines.compactMap { text -> MonitorEvent? in
            let line = EdgeHubLogLine(parsing: text)
            guard line.levelTag != nil else { return nil }
            if let deviceID, !line.concerns(device: deviceID) { return nil }
            return line.monitorEvent(receivedAt: Date(), deviceID: deviceID)
        }
        return RecentLogVerdict.check(id: .edgeHubLog, subject: "edgeHub's log of the last 5 minutes", deviceID: deviceID,
                                      source: command, events: events)
    }

    /// A mosquitto log file (the lab's broker, whose auth plugin words its lines like edgeHub): the lines
    /// of the last 5 minutes (and those without a time) about the device. `text` is the file's content (the caller reads it and reports a file it cannot read).
    public static func brokerLog(path: String, text: String, deviceID: String?, now: Date) -> CheckResult {
        let events = text.split(whereSeparator: \.isNewline).compactMap { raw -> MonitorEvent? in
            let line = MosquittoLogLine(parsing: String(raw))
            if let time = line.time, now.timeIntervalSince(time) > RecentLogVerdict.window { return nil }
            // The lab's auth plugin words its lines as edgeHub does: they name the device as edgeHub's do.
            let asEdgeHub = EdgeHubLogLine(parsing: line.message)
            if let deviceID, line.clientID != deviceID, !asEdgeHub.concerns(device: deviceID) { return nil }
            return line.monitorEvent(receivedAt: now)
        }
        return RecentLogVerdict.check(id: .brokerLog, subject: "broker log \(path) of the last 5 minutes", deviceID: deviceID,
                                      source: path, events: events)
    }
}
