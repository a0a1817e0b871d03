import Foundation
import KepEdgeCore

/// A subscriber on the lab broker (or any broker) that shows what Kepware publishes: messages decoded into
/// rows, plus the subscriber's own connection events. Reconnects like the probe; ends only when cancelled
/// or when its CA file is unusable.
public enum SubscriptionFollower {
    /// - Parameter request: `subscriptions` names the topics (default: every device's telemetry).
    public static func events(_ request: MQTTConnectRequest, reconnect: ReconnectBackoff = ReconnectBackoff()) -> AsyncStream<MonitorEvent> {
        var request = request
        if request.subscriptions.isEmpty { request.subscriptions = [MQTTTopic.allTelemetry] }
        return MQTTSession(request: request, reconnect: reconnect).startMonitorStream(deviceID: nil)
    }
}
