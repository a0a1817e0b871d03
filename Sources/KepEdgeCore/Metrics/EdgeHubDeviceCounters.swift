import Foundation

/// What one scrape of edgeHub's metrics says about one downstream device (the recipe in `cloud-side.md` B.6).
/// A series edgeHub has not yet incremented is absent from its page: absent reads as zero.
public struct EdgeHubDeviceCounters: Equatable, Sendable, Codable {
    public var device: String
    /// When the page was read (the scraper's clock: edgeHub's page carries no timestamps).
    public var time: Date
    /// The `instance_number` label: a new GUID each time edgeHub starts.
    public var instanceNumber: String?
    /// `edgehub_messages_received_total{id=device}`: accepted from the device, counted before routing.
    public var received: Double
    /// `edgehub_messages_sent_total{from=device,to="upstream"}`: counted after the upstream send completed.
    public var sentUpstream: Double
    /// `edgehub_messages_dropped_total{from=device}` by `reason` (`no_route`, `ttl_expiry`).
    public var dropped: [String: Double]
    /// `edgehub_client_connect_failed_total{id=device}` by `reason` (`not_authenticated`).
    public var connectFailures: [String: Double]
    /// `edgehub_client_connect_success_total{id="DeviceId: device [IotHubHostName: …]"}`.
    public var connectSuccesses: Double
    /// `edgehub_queue_length{endpoint="iothub"}`, all senders and priorities together.
    public var upstreamQueue: Double
    /// `edgehub_offline_count_total`: how often edgeHub lost its upstream.
    public var offlineCount: Double

    public init(device: String, time: Date, instanceNumber: String? = nil, received: Double = 0, sentUpstream: Double = 0,
                dropped: [String: Double] = [:], connectFailures: [String: Double] = [:], connectSuccesses: Double = 0,
                upstreamQueue: Double = 0, offlineCount: Double = 0) {
        self.device = device
        self.time = time
        self.instanceNumber = instanceNumber
        self.received = received
        self.sentUpstream = sentUpstream
        self.dropped = dropped
        self.connectFailures = connectFailures
        self.connectSuccesses = connectSuccesses
        self.upstreamQueue = upstreamQueue
        self.offlineCount = offlineCount
    }

    /// Reads the device's series from a page. Nil when the page holds metrics but none of edgeHub's (another
    /// service answered, such as edgeAgent on its own 9600). A page with no samples yet, or with edgeHub's
    /// families declared but not yet counted, is edgeHub before its first message: every counter is zero.
    public static func read(_ page: PrometheusExposition, device: String, time: Date) -> EdgeHubDeviceCounters? {
        let isEdgeHub = { (name: String) in name.hasPrefix("edgehub_") }
        guard page.samples.isEmpty || page.samples.contains(where: { isEdgeHub($0.name) })
                || page.types.keys.contains(where: isEdgeHub) || page.help.keys.contains(where: isEdgeHub) else { return nil }
        var counters = EdgeHubDeviceCounters(device: device, time: time)
        let connectionID = "DeviceId: \(device) ["
        for sample in page.samples where sample.name.hasPrefix("edgehub_") {
            if counters.instanceNumber == nil { counters.instanceNumber = sample[EdgeHubMetricNames.instanceNumber] }
            let value = sample.value.isNaN ? 0 : sample.value
            switch sample.name {
            case EdgeHubMetricNames.messagesReceived where sample["id"] == device:
                counters.received += value
            case EdgeHubMetricNames.messagesSent where sample["from"] == device && sample["to"] == EdgeHubMetricNames.upstream:
                counters.sentUpstream += value
            case EdgeHubMetricNames.messagesDropped where sample["from"] == device:
                counters.dropped[sample["reason"] ?? "", default: 0] += value
            case EdgeHubMetricNames.clientConnectFailed where sample["id"] == device:
                counters.connectFailures[sample["reason"] ?? "", default: 0] += value
            case EdgeHubMetricNames.clientConnectSuccess where sample["id"]?.hasPrefix(connectionID) == true:
                counters.connectSuccesses += value
            case EdgeHubMetricNames.queueLength where sample["endpoint"] == EdgeHubMetricNames.upstreamEndpoint:
                counters.upstreamQueue += value
            case EdgeHubMetricNames.offlineCount:
                counters.offlineCount += value
            default:
                break
            }
        }
        return counters
    }
}
