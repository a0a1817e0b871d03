import Foundation
import KepEdgeCore
import KepEdgeProbes

/// One more stream of events for the wizard's message pane, besides edgeHub's log: the lab's broker
/// log, or a subscription that shows what arrived upstream. `WizardRuntime` follows them all at once
/// on `.followEvents`; a source that fails says so once and the others go on.
public struct WizardEventSource: Sendable {
    /// What the pane calls it when it stops, e.g. "broker log /var/log/mosquitto/mosquitto.log".
    public var name: String
    /// Which pane column the source's own failure lines go under.
    public var source: MonitorEvent.Source
    /// Starts following; given the device the wizard is set up for (nil: not known yet). Ending the
    /// returned stream (cancelling its consumer) must stop whatever it started.
    public var events: @Sendable (_ deviceID: String?) -> AsyncStream<MonitorEvent>

    public init(name: String, source: MonitorEvent.Source, events: @escaping @Sendable (_ deviceID: String?) -> AsyncStream<MonitorEvent>) {
        self.name = name
        self.source = source
        self.events = events
    }

    /// A mosquitto log file (the lab broker's), parsed and classified like edgeHub's log.
    public static func brokerLog(path: String, pollInterval: Double = 0.2) -> WizardEventSource {
        WizardEventSource(name: "broker log \(path)", source: .broker) { _ in
            BrokerLogFollower.events(path: path, pollInterval: pollInterval)
        }
    }

    /// An MQTT subscription (e.g. on the lab's upstream broker) whose messages are decoded into rows.
    /// `request.subscriptions` empty means every device's telemetry.
    public static func subscription(_ request: MQTTConnectRequest, name: String = "upstream subscription",
                                    reconnect: ReconnectBackoff = ReconnectBackoff()) -> WizardEventSource {
        WizardEventSource(name: name, source: .upstream) { _ in
            SubscriptionFollower.events(request, reconnect: reconnect)
        }
    }

    /// Follows the source, and when it ends on its own says so once (unless its last word was already an error).
    func follow(deviceID: String?, _ deliver: @Sendable (MonitorEvent) -> Void) async {
        var lastLevel: MonitorEvent.Level?
        for await event in events(deviceID) {
            deliver(event)
            lastLevel = event.level
        }
        guard !Task.isCancelled, lastLevel != .error else { return }
        deliver(MonitorEvent(time: Date(), source: source, level: .warning, text: "\(name) stopped; the other sources go on"))
    }
}
