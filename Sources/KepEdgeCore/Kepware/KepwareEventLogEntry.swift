import Foundation

/// One entry of `GET /config/v1/event_log`: `timestamp`, `event` (severity), `source`, `message`.
public struct KepwareEventLogEntry: Codable, Equatable, Sendable {
    public var timestamp: String
    public var event: String
    public var source: String
    public var message: String

    public init(timestamp: String, event: String, source: String, message: String) {
        self.timestamp = timestamp
        self.event = event
        self.source = source
        self.message = message
    }

    /// Kepware's query timestamp: `YYYY-MM-DDTHH:mm:ss.sss`, UTC, no zone suffix.
    public static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds / 1000
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current,
                                                                      from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, Int(milliseconds % 1000))
    }

    /// The line the IoT Gateway writes when the agent is connected:
    /// `MQTT agent '<name>' is connected to broker '<url>'`.
    public static func connectedMessage(agent: String, url: String) -> String {
        "MQTT agent '\(agent)' is connected to broker '\(url)'"
    }

    /// Whether this entry says `agent` connected (to any broker URL when `url` is nil).
    public func saysConnected(agent: String, url: String?) -> Bool {
        if let url { return message.contains(Self.connectedMessage(agent: agent, url: url)) }
        return message.contains("MQTT agent '\(agent)' is connected to broker '")
    }

    /// Warning and Error entries that mention the agent or its URL: shown when no connected line came,
    /// because the exact failure texts are not documented publicly.
    public func isProblem(mentioning agent: String, url: String?) -> Bool {
        let severity = event.lowercased()
        guard severity.hasPrefix("warn") || severity.hasPrefix("err") else { return false }
        if message.contains(agent) { return true }
        if let url, message.contains(url) { return true }
        return false
    }
}
