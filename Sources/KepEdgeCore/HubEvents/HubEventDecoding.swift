import Foundation

/// What the wizard and `kepedge monitor --hub-events` show for an event read from IoT Hub.
public enum HubEventDecoding {
    /// The wizard's device only, matched exactly as `az iot hub monitor-events -d` does without wildcards
    /// (`azext_iot/monitor/handlers/common_handler.py`); through edgeHub a leaf's messages carry the leaf's
    /// id and no module id (cloud-side.md A.8). nil for other devices' events (and module messages).
    public static func event(_ message: HubEventMessage, device: String?, receivedAt: Date) -> MonitorEvent? {
        if let device {
            guard message.deviceID == device, message.moduleID?.isEmpty ?? true else { return nil }
        }
        let enqueued = message.enqueuedTime
        let origin = message.deviceID ?? "?"
        switch KepwarePayload.decode(message.body) {
        case .standard(let timestamp, let rows):
            var text = "\(origin) arrived in IoT Hub (partition \(message.partition)): \(rows.count) value\(rows.count == 1 ? "" : "s")"
            if let latency = latency(from: timestamp, to: enqueued) { text += ", \(latency) end to end" }
            let shown = rows.prefix(3).map { "\($0.tag)=\($0.value)" }.joined(separator: " ")
            if !shown.isEmpty { text += ": \(shown)\(rows.count > 3 ? " …" : "")" }
            return MonitorEvent(time: enqueued ?? receivedAt, source: .iotHub, level: .info, text: text, deviceID: message.deviceID, rows: rows)
        case .raw(let raw):
            // KepwarePayload's raw rendering already drops control characters and cuts long bodies.
            return MonitorEvent(time: enqueued ?? receivedAt, source: .iotHub, level: .info,
                                text: "\(origin) arrived in IoT Hub (partition \(message.partition)), not Kepware's standard template: \(raw)",
                                deviceID: message.deviceID)
        }
    }

    /// Kepware's timestamp to IoT Hub's enqueued time, `"850 ms"` or `"2.3 s"`; nil when either is missing.
    public static func latency(from published: Date?, to enqueued: Date?) -> String? {
        latencySeconds(from: published, to: enqueued).map(latencyText(seconds:))
    }

    /// A latency as the pane and `hub-arrival` write it: `"850 ms"` below a second, else `"2.3 s"`.
    public static func latencyText(seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
    }

    /// Negative differences (clock skew between the Kepware host and Azure) count as 0.
    public static func latencySeconds(from published: Date?, to enqueued: Date?) -> Double? {
        guard let published, let enqueued else { return nil }
        return max(0, enqueued.timeIntervalSince(published))
    }
}
