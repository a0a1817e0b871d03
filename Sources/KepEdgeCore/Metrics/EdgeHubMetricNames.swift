/// edgeHub's metric names and label values, as its source writes them (Azure/iotedge 1.1.19 … 1.5.44, unchanged):
/// counters get `_total`, the common labels `iothub`, `edge_device`, `instance_number` come first.
/// Sources: `edge-util/.../metrics/prometheus.net/MetricsProvider.cs`, `edge-hub/core/src/...Hub.Core/routing/RoutingEdgeHub.cs`
/// (received), `...Hub.CloudProxy/CloudProxy.cs` (sent upstream), `...Routing.Core/checkpointers/Checkpointer.cs` (queue),
/// `...Hub.Core/routing/EdgeHubRoutingUserMetricLogger.cs` (dropped), `...Hub.Core/Authenticator.cs` (connect failed),
/// `...Hub.Core/DeviceConnectionMetrics.cs` (connect success), `...Hub.CloudProxy/DeviceConnectivityManager.cs` (offline).
/// Summarised with citations in the project's reference `cloud-side.md` Part B.
public enum EdgeHubMetricNames {
    /// The endpoint: plain HTTP on edgeHub's `httpSettings:metrics_port` (9600), path `/metrics` (`Hosting.cs`, `Startup.cs`).
    public static let defaultPort = 9600
    public static let path = "/metrics"

    public static let messagesReceived = "edgehub_messages_received_total"
    public static let messagesSent = "edgehub_messages_sent_total"
    public static let messagesDropped = "edgehub_messages_dropped_total"
    public static let queueLength = "edgehub_queue_length"
    public static let clientConnectFailed = "edgehub_client_connect_failed_total"
    public static let clientConnectSuccess = "edgehub_client_connect_success_total"
    public static let offlineCount = "edgehub_offline_count_total"

    /// The label that changes when edgeHub restarts (a new GUID; every counter starts again from zero).
    public static let instanceNumber = "instance_number"
    /// `to` on sends to the cloud: the literal `upstream`, without `$` (`CloudProxy.cs`).
    public static let upstream = "upstream"
    /// The upstream endpoint's id on `queue_length` (`EndpointFactory.cs`).
    public static let upstreamEndpoint = "iothub"
    /// edgeHub's default route priority (`RouteFactory.cs` `DefaultPriority`).
    public static let defaultPriority = "2000000000"

    /// `id` on `client_connect_success_total` is `identity.ToString()` (`DeviceIdentity.cs`).
    public static func connectionIdentity(device: String, hub: String) -> String {
        "DeviceId: \(device) [IotHubHostName: \(hub)]"
    }
}
