import Foundation

/// Where IoT Hub's `amqp:link:redirect` points: the Event Hub-compatible namespace host and entity name.
///
/// The detach's info map carries `hostname`, `network-host`, `port` and `address` (OASIS AMQP 1.0 §2.8.17
/// `link-error`); a real one: `address` = `amqps://iothub-ns-smartiot-…servicebus.windows.net:5671/smartiot/$management`
/// (https://github.com/Azure/iothub-explorer/issues/57). Like the CLI, the entity name is the first path segment
/// of `address` (Azure/azure-iot-cli-extension `azext_iot/monitor/builders/hub_target_builder.py` `_evaluate_redirect`).
public struct EventHubTarget: Equatable, Sendable, Codable {
    public var host: String
    public var port: Int
    /// The Event Hub-compatible name (`EntityPath`).
    public var entityPath: String

    public init(host: String, port: Int, entityPath: String) {
        self.host = host
        self.port = port
        self.entityPath = entityPath
    }

    /// nil when the info map lacks a host name or the address has no entity path.
    public init?(redirectHostname: String?, networkHost: String?, port: Int?, address: String?) {
        guard let host = (redirectHostname ?? networkHost).flatMap({ $0.isEmpty ? nil : $0 }), let address else { return nil }
        var rest = Substring(address)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let segments = rest.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 2 else { return nil }
        self.init(host: host, port: port ?? EventHubTarget.amqpsPort, entityPath: String(segments[1]))
    }

    /// AMQP over TLS (uamqp `DEFAULT_AMQPS_PORT`).
    public static let amqpsPort = 5671

    /// The CBS audience the CLI signs: `sb://<host>/<entity>`.
    public var audience: String { "sb://\(host)/\(entityPath)" }

    /// The source of one partition's receiver (Azure/azure-iot-cli-extension `telemetry.py` `_monitor_events`).
    public func partitionAddress(consumerGroup: String, partition: String) -> String {
        "amqps://\(host)/\(entityPath)/ConsumerGroups/\(consumerGroup)/Partitions/\(partition)"
    }

    /// The built-in endpoint's connection string as the portal shows it (learn.microsoft.com
    /// iot-hub-devguide-messages-read-builtin): `Endpoint=sb://…/;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=…`.
    public func connectionString(policyName: String, key: SharedAccessKey) -> Secret {
        Secret("Endpoint=sb://\(host)/;SharedAccessKeyName=\(policyName);SharedAccessKey=\(key.base64.revealed);EntityPath=\(entityPath)")
    }

    /// The address IoT Hub's own receiver attaches to and is redirected from (`hub_target_builder.py`).
    public static func hubEventsAddress(hub: IoTHubHost) -> String { "amqps://\(hub.hostName)/messages/events/$management" }

    /// SASL PLAIN's user on the IoT Hub host: `<policy>@sas.root.<hubname>` (`hub_target_builder.py` `AmqpBuilder`).
    public static func plainUser(policyName: String, hub: IoTHubHost) -> String { "\(policyName)@sas.root.\(hub.name)" }
}
