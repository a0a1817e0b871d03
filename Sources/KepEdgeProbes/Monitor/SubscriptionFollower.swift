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
        let session = MQTTSession(request: request, reconnect: reconnect)
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let task = Task {
            for await event in session.events {
                continuation.yield(event.monitorEvent(at: Date(), source: .probe))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            session.stop()
            task.cancel()
        }
        session.start()
        return stream
    }
}
