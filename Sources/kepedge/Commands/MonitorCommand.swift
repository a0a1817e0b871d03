import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge monitor`: the message pane as a line stream, for terminals without curses and for pipes.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Stream what happens: kepedge's own connection as the device, edgeHub's log, a lab broker's log, Kepware's messages.",
        discussion: """
            Sources (any combination, at least one):
              --gateway/--hub/--device/--ca with the SAS token (--password-file or \(DeviceTokenInput.environmentVariable)):
                  connect as the device, publish one test message, report disconnects and reconnects.
              --edgehub-logs: follow edgeHub's log (iotedge logs, else docker logs), kept to --device when given.
              --broker-log FILE: follow a mosquitto log file (lab).
              --broker HOST:PORT [--subscribe TOPIC]: subscribe (default devices/+/messages/events/#) and decode Kepware's messages.
              --edgehub-metrics URL|auto with --device: edgeHub's own counters for the device every 5 s (auto: found with
                  docker inspect edgeHub): a line when its flow starts, stops, or stalls upstream.
              --hub-events with --hub-owner-file FILE: read IoT Hub's built-in endpoint as `az iot hub monitor-events` does
                  (AMQPS 5671; --consumer-group, --from now|TIME), kept to --device when given, with end-to-end latency.
            One line per event: time source level text (or one JSON object per line with --json).
            Runs until Ctrl-C or SIGTERM (exit 0), or until every source has ended. Never prints a secret.
            """
    )

    @Option(help: ArgumentHelp("The IoT Edge gateway's host name, as its config names it; connects as the device.", valueName: "host"))
    var gateway: String?

    @OptionGroup var identity: HubDeviceOptions

    @Option(help: ArgumentHelp("The root CA file edgeHub's certificate chains to.", valueName: "file"))
    var ca: String?

    @Option(help: ArgumentHelp("A file holding only the SAS token (or set \(DeviceTokenInput.environmentVariable)).", valueName: "file"))
    var passwordFile: String?

    @Option(help: ArgumentHelp("edgeHub's MQTT port (default 8883).", valueName: "port"))
    var port: Int = GatewayMQTTSettings.defaultPort

    @Option(help: ArgumentHelp("Dial this name instead of --gateway (a lab); the certificate must carry it.", valueName: "host"))
    var connectHost: String?

    @Flag(help: "Connect as the device without TLS (a lab broker only; edgeHub always needs TLS).")
    var plainTcp = false

    @Flag(help: "Follow edgeHub's log.")
    var edgehubLogs = false

    @Option(help: ArgumentHelp("Follow a mosquitto log file (a lab broker).", valueName: "file"))
    var brokerLog: String?

    @Option(help: ArgumentHelp("Subscribe to this topic on --broker (default \(MQTTTopic.allTelemetry)).", valueName: "topic"))
    var subscribe: String?

    @Option(help: ArgumentHelp("The broker to subscribe on (plain TCP; a lab broker).", valueName: "host:port"))
    var broker: String?

    @Option(name: .customLong("edgehub-metrics"), help: ArgumentHelp("Read edgeHub's counters for --device at this URL, or 'auto' to find them (docker inspect edgeHub).", valueName: "url|auto"))
    var edgehubMetrics: String?

    @OptionGroup var hubEventsOptions: MonitorHubEventsOptions

    @Flag(help: "One JSON object per line.")
    var json = false

    func run() async throws {
        let sources = try makeSources()
        // A closed stdout (`| head`) becomes a write error, so the sources are stopped and their commands killed.
        signal(SIGPIPE, SIG_IGN)
        let printer = EventPrinter(json: json)
        // SIGINT and SIGTERM end the monitor normally (exit 0) instead of killing it.
        let stopSignals = StopSignal.install()
        let work = Task {
            await withTaskGroup(of: Bool.self) { group in
                for source in sources {
                    group.addTask {
                        for await event in source where !printer.print(event) {
                            return true
                        }
                        return false
                    }
                }
                // stdout is gone (e.g. `| head` exited): nothing more can be shown, so every source stops.
                for await stdoutLost in group where stdoutLost {
                    group.cancelAll()
                }
            }
        }
        stopSignals.onSignal { work.cancel() }
        await work.value
        printer.finish()
        stopSignals.cancel()
        if work.isCancelled, gateway != nil {
            // Give the device session its moment to send DISCONNECT, so the broker logs a clean close.
            try? await Task.sleep(for: .milliseconds(300))
        }
    }

    private func makeSources() throws -> [AsyncStream<MonitorEvent>] {
        var sources: [AsyncStream<MonitorEvent>] = []
        let device = try identity.device.map { _ in try identity.resolvedDevice() }
        if gateway != nil {
            sources.append(try probeSource())
        }
        if edgehubLogs {
            sources.append(EdgeHubLogFollower(deviceID: device?.rawValue).events())
        }
        if let brokerLog {
            sources.append(BrokerLogFollower.events(path: brokerLog))
        }
        if subscribe != nil || broker != nil {
            sources.append(try subscriptionSource())
        }
        if let edgehubMetrics {
            sources.append(try edgeHubMetricsSource(edgehubMetrics, device: device))
        }
        if let request = try hubEventsOptions.request(device: device?.rawValue, environment: ProcessInfo.processInfo.environment, now: Date()) {
            sources.append(HubEventsReader.events(request))
        }
        if sources.isEmpty {
            throw CLIFailure.input("nothing to monitor: give --gateway (with --hub, --device, --ca and the token), --edgehub-logs, --broker-log FILE, --broker HOST:PORT, --edgehub-metrics URL|auto with --device, or --hub-events")
        }
        return sources
    }

    private func probeSource() throws -> AsyncStream<MonitorEvent> {
        guard let gateway, !gateway.isEmpty else { throw CLIFailure.input("--gateway is empty: give the gateway's host name") }
        let hub = try identity.resolvedHub()
        let device = try identity.resolvedDevice()
        let settings: GatewayMQTTSettings
        do { settings = try GatewayMQTTSettings(gatewayHostName: gateway, hub: hub, device: device) } catch {
            throw CLIFailure.input("--gateway: \(error.description)")
        }
        try NumberOptions.port(port)
        let token = try DeviceTokenInput.read([
            .init(name: "--password-file", value: passwordFile, kind: .file),
            SecretSourceChoice.environment(DeviceTokenInput.environmentVariable, in: ProcessInfo.processInfo.environment),
        ], for: settings)
        guard let token else {
            throw CLIFailure.input("the SAS token is missing: give --password-file FILE or set \(DeviceTokenInput.environmentVariable) (make one with 'kepedge sas')")
        }
        var request: MQTTConnectRequest
        if plainTcp {
            request = MQTTConnectRequest(settings: settings, token: token, caFile: "", connectHost: connectHost, port: port)
            request.transport = .plainTCP
        } else {
            guard let ca, !ca.isEmpty else { throw CLIFailure.input("--ca is missing: give the root CA file edgeHub's certificate chains to") }
            guard FileManager.default.isReadableFile(atPath: ca) else { throw CLIFailure.input("--ca \(ca): cannot read the file; check the path and its permissions") }
            request = MQTTConnectRequest(settings: settings, token: token, caFile: ca, connectHost: connectHost, port: port)
        }
        return ProbeFollower.events(request, deviceID: device.rawValue)
    }

    /// edgeHub's counters for the device (`auto`: discovered the way `kepedge check` does).
    private func edgeHubMetricsSource(_ value: String, device: DeviceID?) throws -> AsyncStream<MonitorEvent> {
        guard let device else { throw CLIFailure.input("--edgehub-metrics needs --device ID: the device whose messages to count") }
        let given = value == "auto" ? nil : value
        if let given, URL(string: given)?.scheme != "http" || URL(string: given)?.host == nil {
            throw CLIFailure.input("--edgehub-metrics \(given.prefix(80)): not an http:// URL or 'auto'; e.g. http://172.18.0.3:9600/metrics")
        }
        return EdgeHubFlowFollower.events(given: given, device: device.rawValue)
    }

    private func subscriptionSource() throws -> AsyncStream<MonitorEvent> {
        guard let broker else { throw CLIFailure.input("--subscribe needs --broker HOST:PORT: the broker to subscribe on") }
        guard let colon = broker.lastIndex(of: ":"), let brokerPort = Int(broker[broker.index(after: colon)...]),
              (1...65535).contains(brokerPort), colon != broker.startIndex else {
            throw CLIFailure.input("--broker \"\(broker.prefix(80))\" is not HOST:PORT; e.g. --broker localhost:1883")
        }
        let host = String(broker[..<colon])
        let topic = subscribe ?? MQTTTopic.allTelemetry
        let request = MQTTConnectRequest(host: host, port: brokerPort, clientID: "kepedge-monitor-\(getpid())", username: "", password: nil,
                                         transport: .plainTCP, topic: topic, subscriptions: [topic])
        return SubscriptionFollower.events(request)
    }
}

/// Writes events to stdout, one per line, from any task: each event is formatted once, straight to bytes, and
/// the lines go out in batches (one `write(2)` for all the lines that gathered while the last one was written).
private final class EventPrinter: Sendable {
    let json: Bool
    private let writer = BatchedLineWriter(fileDescriptor: STDOUT_FILENO)

    init(json: Bool) {
        self.json = json
    }

    /// False when stdout can no longer be written (a closed pipe).
    func print(_ event: MonitorEvent) -> Bool {
        if json { return writer.write(line: MonitorEventRecord(event).jsonLineBytes) }
        return writer.write(line: event.line.utf8)
    }

    /// Writes what is still buffered; call once every source has ended.
    func finish() {
        writer.finish()
    }
}
