import Foundation

/// What the reader reports, in order: the redirect, the partitions it listens on, then events; a failure
/// says whether (and when) it tries again.
public enum HubEventsUpdate: Sendable, Equatable {
    case redirected(EventHubTarget)
    case listening(partitions: [String])
    case message(HubEventMessage)
    case failed(HubEventsFailure, retryInSeconds: Double?)
}

extension HubEventsUpdate {
    /// The update as a monitor line (nil for another device's event); source "IoT Hub".
    public func monitorEvent(device: String?, now: Date) -> MonitorEvent? {
        switch self {
        case .redirected(let target):
            return MonitorEvent(time: now, source: .iotHub, level: .info,
                                text: "IoT Hub redirected to its Event Hub-compatible endpoint \(target.host):\(target.port) (\(target.entityPath))")
        case .listening(let partitions):
            return MonitorEvent(time: now, source: .iotHub, level: .info,
                                text: "listening on \(partitions.count) partition\(partitions.count == 1 ? "" : "s") (\(partitions.joined(separator: ", ")))"
                                    + (device.map { " for \($0)'s messages" } ?? ""))
        case .message(let message):
            return HubEventDecoding.event(message, device: device, receivedAt: now)
        case .failed(let failure, let retry):
            let again = retry.map { String(format: "; trying again in %.0f s", $0) } ?? ""
            return MonitorEvent(time: now, source: .iotHub, level: .error, text: "\(failure.description)\(again)")
        }
    }
}

/// `--from now|TIME`: "now", epoch milliseconds, or an ISO 8601 time (`2026-12-02T12:00:00Z`).
public enum HubEventsStart {
    public static func parse(_ text: String, now: Date) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "now" { return now }
        if let milliseconds = Int64(trimmed), milliseconds >= 0 { return Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: trimmed)
    }
}
