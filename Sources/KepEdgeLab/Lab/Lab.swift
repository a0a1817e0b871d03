import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge lab`: an IoT Edge gateway (mosquitto + the edgeHub-like auth plugin, TLS with a certGen-style
/// chain), an IoT Hub registry and a Kepware Configuration API whose MQTT agents really run, all on
/// 127.0.0.1, in one temporary folder that `stop()` removes. See docs/lab.md.
public final class Lab: Sendable {
    public static let hubHost = "lab-hub.azure-devices.net"
    /// The hub as the gateway's connection string spells it with `--fault hub-case` (the seed's hub is `sdbedgeIoTHub`).
    public static let mixedCaseHubHost = "Lab-Hub.azure-devices.net"
    public static let edgeDeviceID = "lab-edge"
    public static let kepwareDeviceID = "kepware-lab-01"
    public static let kepwareUser = "administrator"
    public static let agentName = "kepware-lab"
    public static let ownerPolicy = "iothubowner"
    public static let preferredGatewayPort = 8883

    /// How to start.
    public struct Options: Sendable {
        /// The gateway's hostname (config.toml `hostname`, the server certificate's name, Kepware's URL).
        public var hostname = "localhost"
        public var fault: LabFault?
        /// Register `kepware-lab-01` under the edge device and enable its agent in Kepware (`--no-ui`).
        public var provisionKepwareDevice = false
        /// `libkepedge-broker-auth.so`.
        public var pluginPath: String
        /// The `kepedge` binary, argv[0] of `checkCommand`.
        public var kepedgeExecutable: String
        /// edgeHub's port when free.
        public var preferredGatewayPort = Lab.preferredGatewayPort
        /// The IoT Edge release the gateway imitates: 1.1 writes config.yaml and compares a token's hub case included
        /// (`--edge-version 1.1`); 1.2+ (default, "1.5") writes config.toml and ignores case.
        public var edgeRelease: IoTEdgeRelease = .v1_2OrLater
        /// How often the lab's Kepware agent publishes (the wizard's default agent uses 10 s).
        public var agentRateMilliseconds = 1_000

        public init(pluginPath: String, kepedgeExecutable: String) {
            self.pluginPath = pluginPath
            self.kepedgeExecutable = kepedgeExecutable
        }
    }

    public let manifest: LabManifest
    /// The wizard's fields as the lab fills them, except what the engineer is meant to enter.
    public let wizardPrefill: Wizard.State
    public let hub: FakeIoTHub
    public let kepware: FakeKepwareConfigAPI
    public let agents: MQTTAgentRunner
    public let broker: LabBroker
    private let parts: LabParts

    init(manifest: LabManifest, wizardPrefill: Wizard.State, hub: FakeIoTHub, kepware: FakeKepwareConfigAPI,
                 agents: MQTTAgentRunner, broker: LabBroker, parts: LabParts) {
        self.manifest = manifest
        self.wizardPrefill = wizardPrefill
        self.hub = hub
        self.kepware = kepware
        self.agents = agents
        self.broker = broker
        self.parts = parts
    }

    /// Starts every part; on any failure, stops what started and removes the folder before throwing.
    public static func start(_ options: Options) async throws -> Lab {
        if options.fault != .brokerDown {
            guard FileManager.default.isExecutableFile(atPath: LabBroker.executable) else { throw LabSetupError.mosquittoMissing }
        }
        guard FileManager.default.isReadableFile(atPath: options.pluginPath) else {
            throw LabSetupError.pluginMissing(looked: [options.pluginPath])
        }
        let parts = LabParts(folder: try LabFiles.makeTemporaryFolder())
        do {
            return try await LabBuilder(options: options, parts: parts).build()
        } catch {
            await parts.stop()
            throw error
        }
    }

    /// Broker, agents, fakes and subscriber stopped; the folder removed. Safe to call twice.
    public func stop() async {
        await parts.stop()
    }

    /// The broker log as monitor events (the wizard's "broker" source).
    /// The lab's own subscribers ("arrived upstream") are left out: they are not part of the lesson.
    public func brokerLogEvents() -> AsyncStream<MonitorEvent> {
        let ownConnections = manifest.upstreamListenerPort.map { "on port \($0)." }
        let lines = BrokerLogFollower.events(path: manifest.brokerLog)
        return AsyncStream(bufferingPolicy: .bufferingNewest(4096)) { continuation in
            let task = Task {
                for await event in lines {
                    if event.text.contains(LabUpstream.clientID) { continue }
                    if let ownConnections, event.text.hasSuffix(ownConnections) { continue }
                    continuation.yield(event)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A new subscriber's view of what arrived upstream (the wizard's "upstream" source).
    public func upstreamEvents() -> AsyncStream<MonitorEvent> {
        upstreamEvents(counting: nil)
    }

    /// The same, counting each message into the lab edgeHub's `/metrics` (one counting subscriber per lab).
    func upstreamEvents(counting metrics: LabEdgeHubMetrics?) -> AsyncStream<MonitorEvent> {
        guard let port = manifest.upstreamListenerPort else { return AsyncStream { $0.finish() } }
        let hub = self.hub
        var observe: (@Sendable (String, Bool) -> Void)?
        if let metrics {
            observe = { device, forwarded in metrics.record(device: device, forwarded: forwarded) }
        }
        return LabUpstream.events(port: port, routesToUpstream: { LabUpstream.reachesUpstream(await hub.routes(edge: Lab.edgeDeviceID)) },
                                  observe: observe)
    }
}

/// What the lab started, to stop in reverse order; shared with the builder so a failed start is cleaned up.
final class LabParts: @unchecked Sendable {
    let folder: String
    private let lock = NSLock()
    private var broker: LabBroker?
    private var hub: FakeIoTHub?
    private var kepware: FakeKepwareConfigAPI?
    private var agents: MQTTAgentRunner?
    private var servers: [LabHTTPServer] = []
    private var amqp: LabIoTHubAMQPEndpoint?
    private var tasks: [Task<Void, Never>] = []
    private var stopped = false
    /// Cleans up if kepedge dies before `stop()` (a crash, SIGKILL).
    private let watchdog: LabWatchdog?

    init(folder: String) {
        self.folder = folder
        watchdog = LabWatchdog(folder: folder)
    }

    /// A process of the lab's (mosquitto) the watchdog stops if kepedge dies without stopping the lab.
    func watch(processID: Int32) { watchdog?.watch(processID) }

    func add(broker: LabBroker) { lock.withLock { self.broker = broker } }
    func add(hub: FakeIoTHub) { lock.withLock { self.hub = hub } }
    func add(kepware: FakeKepwareConfigAPI, agents: MQTTAgentRunner) { lock.withLock { self.kepware = kepware; self.agents = agents } }
    func add(task: Task<Void, Never>) { lock.withLock { tasks.append(task) } }
    func add(server: LabHTTPServer) { lock.withLock { servers.append(server) } }
    func add(amqp: LabIoTHubAMQPEndpoint) { lock.withLock { self.amqp = amqp } }

    func stop() async {
        let taken = lock.withLock { () -> (LabBroker?, FakeIoTHub?, FakeKepwareConfigAPI?, MQTTAgentRunner?, [Task<Void, Never>], [LabHTTPServer], LabIoTHubAMQPEndpoint?)? in
            if stopped { return nil }
            stopped = true
            return (broker, hub, kepware, agents, tasks, servers, amqp)
        }
        guard let (broker, hub, kepware, agents, tasks, servers, amqp) = taken else { return }
        for task in tasks { task.cancel() }
        for server in servers { await server.stop() }
        amqp?.stop()
        await agents?.stopAll()
        await kepware?.stop()
        await hub?.stop()
        broker?.stop()
        try? FileManager.default.removeItem(atPath: folder)
        watchdog?.dismiss()
    }
}
