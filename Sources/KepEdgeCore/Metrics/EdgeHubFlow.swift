import Foundation

/// One device's traffic through edgeHub between two scrapes: what arrived, what went upstream, what waits.
/// Counters are compared as Prometheus's `increase()` does: when edgeHub restarted between the scrapes (a new
/// `instance_number`) or a counter went down, the later value is what was counted since the restart.
public struct EdgeHubFlow: Equatable, Sendable {
    public enum State: String, Equatable, Sendable, Codable {
        /// Nothing received from the device in the interval.
        case idle
        /// Received and sent upstream.
        case flowing
        /// Received, none sent upstream.
        case stalledUpstream
    }

    public var earlier: EdgeHubDeviceCounters
    public var later: EdgeHubDeviceCounters
    public var received: Double
    public var sentUpstream: Double
    public var dropped: [String: Double]
    public var connectFailures: [String: Double]
    public var offlineCount: Double
    /// Whether edgeHub restarted between the two scrapes.
    public var restarted: Bool

    public var device: String { later.device }
    public var seconds: Double { max(later.time.timeIntervalSince(earlier.time), 0) }
    public var upstreamQueue: Double { later.upstreamQueue }
    /// The queue grew (gauges do not reset: on a restart edgeHub reloads its store, so the change still counts).
    public var queueGrowth: Double { later.upstreamQueue - earlier.upstreamQueue }

    public var state: State {
        if received <= 0 { return .idle }
        return sentUpstream > 0 ? .flowing : .stalledUpstream
    }

    public init(from earlier: EdgeHubDeviceCounters, to later: EdgeHubDeviceCounters) {
        self.earlier = earlier
        self.later = later
        let restarted = earlier.instanceNumber != later.instanceNumber
        self.restarted = restarted
        func increase(_ before: Double, _ after: Double) -> Double {
            restarted || after < before ? after : after - before
        }
        func increase(_ before: [String: Double], _ after: [String: Double]) -> [String: Double] {
            var result: [String: Double] = [:]
            for (reason, value) in after {
                let delta = increase(before[reason] ?? 0, value)
                if delta > 0 { result[reason] = delta }
            }
            return result
        }
        received = increase(earlier.received, later.received)
        sentUpstream = increase(earlier.sentUpstream, later.sentUpstream)
        dropped = increase(earlier.dropped, later.dropped)
        connectFailures = increase(earlier.connectFailures, later.connectFailures)
        offlineCount = increase(earlier.offlineCount, later.offlineCount)
    }

    /// The connection pane's "Flow" row: `12 in / 12 up per 10 s`, with the queue when messages wait.
    public var summary: String {
        var text = "\(Self.count(received)) in / \(Self.count(sentUpstream)) up per \(Self.count(seconds.rounded())) s"
        if upstreamQueue > 0 { text += ", \(Self.count(upstreamQueue)) queued" }
        if restarted { text += " (edgeHub restarted)" }
        return text
    }

    /// The same, short enough for the connection pane's 14 value columns: `12 in / 12 up`.
    public var paneText: String {
        let text = "\(Self.count(received)) in / \(Self.count(sentUpstream)) up"
        return text.count <= 14 ? text : "\(Self.short(received)) in/\(Self.short(sentUpstream)) up"
    }

    /// `12k` from 12,345; `3M` from 3,000,000.
    static func short(_ value: Double) -> String {
        if value >= 1_000_000 { return "\(Int64(value / 1_000_000))M" }
        if value >= 10_000 { return "\(Int64(value / 1_000))k" }
        return count(value)
    }

    /// Messages per second received, for `--json` and the pane.
    public var receivedPerSecond: Double { seconds > 0 ? received / seconds : 0 }
    public var sentPerSecond: Double { seconds > 0 ? sentUpstream / seconds : 0 }

    static func count(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.1f", value)
    }
}
