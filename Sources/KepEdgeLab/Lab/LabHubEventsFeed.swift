import Foundation
import KepEdgeCore
import KepEdgeProbes

/// What edgeHub forwards upstream, delivered to the lab IoT Hub's built-in endpoint: a subscriber on the
/// broker's plain loopback listener (as `LabUpstream`), passing a message on only while the edge device's
/// routes reach `$upstream` (with `no-route`, nothing arrives in IoT Hub, as with a real gateway).
enum LabHubEventsFeed {
    static let clientID = "kepedge-lab-iothub"

    static func start(port: Int, endpoint: LabIoTHubAMQPEndpoint, routesToUpstream: @escaping @Sendable () async -> Bool) -> Task<Void, Never> {
        let request = MQTTConnectRequest(host: "127.0.0.1", port: port, clientID: clientID + "-\(UInt32.random(in: 0...UInt32.max))",
                                         username: "", password: nil, transport: .plainTCP, topic: "",
                                         subscriptions: [MQTTTopic.allTelemetry], connectTimeoutSeconds: 5)
        let session = MQTTSession(request: request, reconnect: ReconnectBackoff(initialSeconds: 1, maximumSeconds: 5))
        return Task {
            session.start()
            defer { session.stop() }
            for await event in session.events {
                guard case .message(let topic, let payload) = event, let device = deviceID(inTopic: topic) else { continue }
                guard await routesToUpstream() else { continue }
                endpoint.publish(deviceID: device, body: payload)
            }
        }
    }

    /// `devices/{id}/messages/events/...` → `{id}`.
    static func deviceID(inTopic topic: String) -> String? {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "devices", !parts[1].isEmpty, parts[2] == "messages", parts[3] == "events" else { return nil }
        return String(parts[1])
    }
}
