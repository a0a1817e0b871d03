import Foundation
import KepEdgeCore
import KepEdgeProbes

/// The lab's "arrived upstream" source: a subscriber on the broker's plain loopback listener that sees
/// every telemetry message the gateway accepted, and passes on only what edgeHub would forward: messages
/// while the edge device's `$edgeHub` twin routes to `$upstream` (with `no-route`, nothing arrives).
enum LabUpstream {
    static let clientID = "kepedge-lab-upstream"

    /// `observe` sees every message the broker accepted, with whether a route forwarded it (the lab edgeHub's counters).
    static func events(port: Int, routesToUpstream: @escaping @Sendable () async -> Bool,
                       observe: (@Sendable (_ device: String, _ forwarded: Bool) -> Void)? = nil) -> AsyncStream<MonitorEvent> {
        let request = MQTTConnectRequest(host: "127.0.0.1", port: port, clientID: clientID + "-\(UInt32.random(in: 0...UInt32.max))",
                                         username: "", password: nil, transport: .plainTCP, topic: "",
                                         subscriptions: [MQTTTopic.allTelemetry], connectTimeoutSeconds: 5)
        let source = SubscriptionFollower.events(request, reconnect: ReconnectBackoff(initialSeconds: 1, maximumSeconds: 5))
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        let relay = Task {
            for await event in source where event.source == .kepware {
                let forwarded = await routesToUpstream()
                if let device = event.deviceID { observe?(device, forwarded) }
                guard forwarded else { continue }
                var arrived = event
                arrived.source = .upstream
                continuation.yield(arrived)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in relay.cancel() }
        return stream
    }

    /// Whether any route statement sends messages `INTO $upstream`.
    /// Whether a device's messages reach `$upstream`, judged as `kepedge check` judges edgeHub's routes.
    static func reachesUpstream(_ routes: [String: String]) -> Bool {
        !EdgeHubRoutes(routes: routes.map { EdgeHubRoutes.Route(name: $0.key, statement: $0.value) }).downstreamToUpstream.isEmpty
    }
}
