import Foundation
import KepEdgeCore

/// What `kepedge monitor --hub-events`, `kepedge check` and step 6 read IoT Hub's built-in endpoint with.
public struct HubEventsRequest: Sendable {
    /// A policy with ServiceConnect (`iothubowner` or `service`).
    public var owner: HubOwnerConnectionString
    /// `$Default` unless told (`az ... --consumer-group`).
    public var consumerGroup = "$Default"
    /// Events enqueued after this instant ("now" by default, as `az` does).
    public var from: Date
    /// Per partition id, where reading starts instead of `from`: a position kept from an earlier read, or an
    /// offset as the Event Hubs SDKs give one (`-1` for the stream's start, `@latest`).
    public var startPositions: [String: HubEventFilter] = [:]
    /// Keep only this device's events (nil: every device's).
    public var device: String?
    /// IoT Hub's AMQPS port.
    public var port = EventHubTarget.amqpsPort
    /// Dial this host (and `port`) for every connection instead of the names IoT Hub gives (a lab); TLS still
    /// checks the names.
    public var dialHost: String?
    /// An extra trusted root (a lab's CA, a TLS-inspecting proxy's); the system store otherwise.
    public var caFile: String?
    /// Each step's limit (connect, redirect, CBS, partitions): the service drops a connection whose token
    /// is not put within 20 s (cloud-side.md A.3), so more would not help.
    public var stepTimeoutSeconds = 20
    /// The CBS token's lifetime; it is put again at 80 % of it (uamqp: 3600 s, refreshed at 48 min).
    public var tokenLifetimeSeconds = 3_600

    public init(owner: HubOwnerConnectionString, from: Date) {
        self.owner = owner
        self.from = from
    }
}

/// Where IoT Hub's built-in endpoint is read, apart from the credentials: the real hub (the defaults), or a
/// lab or proxy dialled at `dialHost:port` with an extra trusted root. `kepedge monitor --hub-events`,
/// `kepedge check` and the wizard's step 6 make their requests from one of these.
public struct HubEventsEndpoint: Sendable, Equatable {
    public var dialHost: String?
    public var port = EventHubTarget.amqpsPort
    public var caFile: String?
    public var consumerGroup = "$Default"

    public init(dialHost: String? = nil, port: Int = EventHubTarget.amqpsPort, caFile: String? = nil, consumerGroup: String = "$Default") {
        self.dialHost = dialHost
        self.port = port
        self.caFile = caFile
        self.consumerGroup = consumerGroup
    }

    /// Dials `address` (`HOST:PORT`, the host may be an IPv6 literal's text) with `caFile` as an extra root;
    /// nil when `address` is not HOST:PORT with a port in 1...65535.
    public init?(dialing address: String, caFile: String?, consumerGroup: String = "$Default") {
        guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
              let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        self.init(dialHost: String(address[..<colon]), port: port, caFile: caFile, consumerGroup: consumerGroup)
    }

    public func request(owner: HubOwnerConnectionString, device: String?, from: Date) -> HubEventsRequest {
        var request = HubEventsRequest(owner: owner, from: from)
        request.device = device
        request.dialHost = dialHost
        request.port = port
        request.caFile = caFile
        request.consumerGroup = consumerGroup
        return request
    }

    /// What a verdict names as read: `amqps://hub.azure-devices.net:5671`, plus where it was dialled.
    public func wording(owner: HubOwnerConnectionString) -> String {
        "amqps://\(owner.hub.hostName):\(port)" + (dialHost.map { " (dialled at \($0):\(port))" } ?? "")
    }
}
