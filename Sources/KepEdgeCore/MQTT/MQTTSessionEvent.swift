import Foundation

/// What an MQTT session (the device probe or the lab subscriber) reports as it runs.
public enum MQTTSessionEvent: Equatable, Sendable {
    /// A connection attempt starts (attempt 0 is the first).
    case connecting(attempt: Int, host: String, port: Int)
    /// CONNACK 0, `milliseconds` after the attempt started (TCP + TLS + CONNECT).
    case connected(milliseconds: Double)
    /// A CONNACK other than 0; the broker closes the connection.
    case refused(ConnackDiagnosis)
    /// The TLS handshake failed (certificate not trusted, name mismatch, protocol): no CONNACK was received.
    case tlsFailed(detail: String)
    /// TCP failed (refused, no route, name not resolved) or the connection closed before a CONNACK.
    case connectFailed(detail: String)
    /// No CONNACK within the connect timeout (a server that accepts and never answers).
    case connectTimedOut(seconds: Double)
    /// A connection that had been accepted was lost (broker stopped, network, keep-alive, edgeHub dropped the client).
    case disconnected(detail: String)
    /// The next attempt starts after `seconds`.
    case reconnectScheduled(attempt: Int, seconds: Double)
    /// The broker acknowledged a QoS 1 message (PUBACK), `milliseconds` after it was sent; QoS 0 reports once written.
    case published(messageID: Int, topic: String, milliseconds: Double)
    /// No PUBACK within the publish timeout.
    case publishTimedOut(messageID: Int, seconds: Double)
    /// libmosquitto refused to send the message (not connected, too large …).
    case publishFailed(detail: String)
    /// The broker granted the subscriptions.
    case subscribed(topics: [String])
    /// A message arrived on a subscribed topic.
    case message(topic: String, payload: Data)
    /// The session has ended (stopped, or gave up); nothing follows. `reason` is a phrase saying what
    /// happened (`disconnected after the test message`), shown as it is.
    case stopped(reason: String)
}

extension MQTTSessionEvent {
    /// The line the message pane and `kepedge monitor` show.
    public func monitorEvent(at time: Date, source: MonitorEvent.Source = .probe, deviceID: String? = nil) -> MonitorEvent {
        func event(_ level: MonitorEvent.Level, _ text: String, rows: [KepwarePayloadRow]? = nil) -> MonitorEvent {
            MonitorEvent(time: time, source: source, level: level, text: text, deviceID: deviceID, rows: rows)
        }
        switch self {
        case .connecting(let attempt, let host, let port):
            return event(.info, attempt == 0 ? "connecting to \(host):\(port)" : "reconnecting to \(host):\(port) (attempt \(attempt + 1))")
        case .connected(let milliseconds):
            return event(.info, "CONNACK 0 (accepted) after \(Self.format(milliseconds)) ms")
        case .refused(let diagnosis):
            var text = "CONNACK \(diagnosis.code) (\(diagnosis.name)): \(diagnosis.meaning)"
            if let first = diagnosis.likelyCauses.first {
                text += " Most likely: \(first.text). Fix: \(first.fix)."
            }
            return event(.error, text)
        case .tlsFailed(let detail):
            return event(.error, "TLS handshake failed, no CONNACK: \(detail)")
        case .connectFailed(let detail):
            return event(.error, "connection failed: \(detail)")
        case .connectTimedOut(let seconds):
            return event(.error, "no CONNACK within \(Self.format(seconds * 1000, decimals: 0)) ms: the server accepted the connection but did not answer")
        case .disconnected(let detail):
            return event(.warning, "disconnected: \(detail)")
        case .reconnectScheduled(let attempt, let seconds):
            return event(.info, "next attempt (\(attempt + 1)) in \(Self.format(seconds, decimals: 1)) s")
        case .published(let messageID, let topic, let milliseconds):
            return event(.info, "PUBACK for message \(messageID) on \(topic), round trip \(Self.format(milliseconds)) ms")
        case .publishTimedOut(let messageID, let seconds):
            return event(.error, "no PUBACK for message \(messageID) within \(Self.format(seconds, decimals: 0)) s")
        case .publishFailed(let detail):
            return event(.error, "publish failed: \(detail)")
        case .subscribed(let topics):
            return event(.info, "subscribed to \(topics.joined(separator: ", "))")
        case .message(let topic, let payload):
            let device = MQTTTopic.deviceID(inTelemetryTopic: topic)
            switch KepwarePayload.decode(payload) {
            case .standard(_, let rows):
                return MonitorEvent(time: time, source: .kepware, level: .info, text: Self.summary(topic: topic, rows: rows),
                                    deviceID: device ?? deviceID, rows: rows)
            case .raw(let text):
                return MonitorEvent(time: time, source: .kepware, level: .info, text: "\(topic): \(text)", deviceID: device ?? deviceID)
            }
        case .stopped(let reason):
            return event(.info, reason)
        }
    }

    /// `devices/kepware-01/messages/events/: 8 values Tag0=1 Tag1=2.5 Tag2=true (+5 more)`: every message a
    /// fast agent publishes gets one, so it is built from bytes (`UTF8TextBuilder`).
    static func summary(topic: String, rows: [KepwarePayloadRow]) -> String {
        let shown = rows.prefix(3)
        var text = UTF8TextBuilder(capacity: topic.utf8.count + 24 + shown.reduce(0) { $0 + $1.tag.utf8.count + $1.value.utf8.count + 2 })
        text.append(topic)
        text.append(": ")
        text.append(rows.count)
        text.append(rows.count == 1 ? " value " : " values ")
        for (index, row) in shown.enumerated() {
            if index > 0 { text.append(" ") }
            text.append(row.tag)
            text.append("=")
            text.append(row.value)
        }
        if rows.count > 3 {
            text.append(" (+")
            text.append(rows.count - 3)
            text.append(" more)")
        }
        return text.text
    }

    static func format(_ value: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f", value)
    }
}

/// IoT Hub telemetry topics.
public enum MQTTTopic {
    /// Every device's telemetry, for a lab subscriber.
    public static let allTelemetry = "devices/+/messages/events/#"

    /// `kepware-01` from `devices/kepware-01/messages/events/…`; nil for other topics.
    private static let devicesPrefix: StaticString = "devices/"
    private static let eventsPath: StaticString = "messages/events"

    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard let start = bytes.baseAddress, bytes.count >= prefix.utf8CodeUnitCount else { return false }
        return memcmp(start, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    public static func deviceID(inTelemetryTopic topic: String) -> String? {
        // By bytes in the topic's own storage, without splitting it: every message `kepedge monitor` shows
        // comes through here, and the generic UTF-8 view comparisons cost thousands of instructions a topic.
        var topic = topic
        return topic.withUTF8 { bytes -> String? in
            let prefix = devicesPrefix.utf8CodeUnitCount
            guard bytes.count > prefix, startsWith(bytes, devicesPrefix),
                  let slash = bytes[prefix...].firstIndex(of: UInt8(ascii: "/")), slash != prefix else { return nil }
            let rest = UnsafeBufferPointer(rebasing: bytes[(slash + 1)...])
            let events = eventsPath.utf8CodeUnitCount
            guard startsWith(rest, eventsPath), rest.count == events || rest[events] == UInt8(ascii: "/") else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[prefix..<slash]), as: UTF8.self)
        }
    }

}
