import Foundation
import KepEdgeCore

/// The lab edgeHub's `/metrics`: what the lab broker really received per device and what the lab forwarded
/// upstream, in edgeHub's names, label order and label values (cloud-side.md Part B; Azure/iotedge
/// `edge-util/.../metrics/prometheus.net/MetricsProvider.cs` for the `_total` suffix and the three common labels,
/// `...Hub.Core/routing/RoutingEdgeHub.cs` for received (counted before routing), `...Hub.CloudProxy/CloudProxy.cs`
/// for sent with `to="upstream"` and its help text "Messages sent from edge hub", `EdgeHubRoutingUserMetricLogger.cs`
/// for `messages_dropped{reason="no_route"}`, `Checkpointer.cs` for `queue_length{endpoint="iothub"}`).
/// As prometheus-net does, a series appears only once it was first incremented.
final class LabEdgeHubMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private let hub: String
    private let edgeDevice: String
    /// A new GUID per lab start, as edgeHub takes one per process start (`instance_number`).
    let instanceNumber = UUID().uuidString.lowercased()
    private var received: [String: Double] = [:]
    private var sentUpstream: [String: Double] = [:]
    private var droppedNoRoute: [String: Double] = [:]

    init(hub: String, edgeDevice: String) {
        self.hub = hub
        self.edgeDevice = edgeDevice
    }

    /// One telemetry message the broker accepted from `device`; `forwarded` when a route took it to `$upstream`,
    /// else edgeHub's orphaned-message drop (`no_route`).
    func record(device: String, forwarded: Bool) {
        lock.withLock {
            received[device, default: 0] += 1
            if forwarded { sentUpstream[device, default: 0] += 1 } else { droppedNoRoute[device, default: 0] += 1 }
        }
    }

    /// The page edgeHub serves at `/metrics` (`text/plain; version=0.0.4`).
    func page() -> String {
        let (received, sent, dropped) = lock.withLock { (self.received, self.sentUpstream, self.droppedNoRoute) }
        let common = [PrometheusLabel("iothub", hub), PrometheusLabel("edge_device", edgeDevice), PrometheusLabel("instance_number", instanceNumber)]
        let telemetry = PrometheusLabel("ms_telemetry", "True")
        var page = PrometheusExposition()
        page.types = [EdgeHubMetricNames.messagesReceived: .counter, EdgeHubMetricNames.messagesSent: .counter,
                      EdgeHubMetricNames.messagesDropped: .counter, EdgeHubMetricNames.queueLength: .gauge]
        page.help = [EdgeHubMetricNames.messagesReceived: "Messages received from client",
                     EdgeHubMetricNames.messagesSent: "Messages sent from edge hub",
                     EdgeHubMetricNames.messagesDropped: "Messages dropped",
                     EdgeHubMetricNames.queueLength: "Number of messages pending to be processed for the endpoint"]
        for (device, count) in received.sorted(by: { $0.key < $1.key }) {
            page.samples.append(.init(name: EdgeHubMetricNames.messagesReceived,
                                      labels: common + [.init("id", device), .init("route_output", ""), telemetry], value: count))
        }
        for (device, count) in sent.sorted(by: { $0.key < $1.key }) {
            page.samples.append(.init(name: EdgeHubMetricNames.messagesSent,
                                      labels: common + [.init("from", device), .init("to", EdgeHubMetricNames.upstream), .init("from_route_output", ""),
                                                        .init("to_route_input", ""), .init("priority", EdgeHubMetricNames.defaultPriority), telemetry],
                                      value: count))
        }
        if !sent.isEmpty {
            // The lab sends at once: nothing waits for the upstream endpoint.
            page.samples.append(.init(name: EdgeHubMetricNames.queueLength,
                                      labels: common + [.init("endpoint", EdgeHubMetricNames.upstreamEndpoint),
                                                        .init("priority", EdgeHubMetricNames.defaultPriority), telemetry], value: 0))
        }
        for (device, count) in dropped.sorted(by: { $0.key < $1.key }) {
            page.samples.append(.init(name: EdgeHubMetricNames.messagesDropped,
                                      labels: common + [.init("reason", "no_route"), .init("from", device), .init("from_route_output", ""), telemetry],
                                      value: count))
        }
        return PrometheusTextWriter.write(page)
    }

    /// Serves `GET /metrics` on 127.0.0.1, plain HTTP as edgeHub's Kestrel does on 9600 (`Hosting.cs`).
    func serve() async throws -> LabHTTPServer {
        try await LabHTTPServer.start(tls: nil) { [self] request in
            guard request.method == "GET", request.path == EdgeHubMetricNames.path else {
                return LabResponse(status: 404)
            }
            return LabResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")], body: Data(page().utf8))
        }
    }
}
