import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Performs the wizard's effects: one task per effect, each sending its results back as
/// `Wizard.Action`s. Tasks are kept by generation so a cancel or a newer request stops them.
///
/// Following events follows edgeHub's log and every `eventSources` entry of the configuration at once.
public final class WizardRuntime: @unchecked Sendable {
    public typealias Send = @Sendable (Wizard.Action) -> Void

    private let configuration: WizardRuntimeConfiguration
    private let send: Send
    // Guarded by `lock`: the tasks still running, by step and generation.
    private let lock = NSLock()
    // One generation can start several tasks (step 1's verify loads the CA and probes at once).
    private var tasks: [TaskKey: [UUID: Task<Void, Never>]] = [:]
    /// Guarded by `lock`: whether a `followEvents` came before (later ones are restarts).
    private var eventsFollowedBefore = false
    /// kepedge's own connections to the gateway, so the broker's lines about them are labelled as such.
    private let ownProbes = OwnProbeLog()

    private struct TaskKey: Hashable {
        var step: String
        var generation: Generation
    }

    public init(configuration: WizardRuntimeConfiguration = WizardRuntimeConfiguration(), send: @escaping Send) {
        self.configuration = configuration
        self.send = send
    }

    deinit { shutdown() }

    /// Starts every effect (cancels are done at once).
    public func perform(_ effects: [Wizard.Effect]) {
        for effect in effects { perform(effect) }
    }

    public func perform(_ effect: Wizard.Effect) {
        let send = self.send
        let configuration = self.configuration
        let ownProbes = self.ownProbes
        switch effect {
        case .certificate(let effect):
            switch effect {
            case .cancel(let generation): cancel(step: "certificate", generation)
            case .locateCA(let generation):
                start("certificate", generation) {
                    let location = RootCALocator(reader: configuration.edgeConfigReader)
                        .locate(typedPath: nil, certGenFolder: configuration.certGenFolder)
                    send(.certificate(.caLocated(generation, RuntimeEffects.caLocated(location))))
                }
            case .loadCA(let path, let generation):
                start("certificate", generation) {
                    send(.certificate(.caLoaded(generation, RuntimeEffects.loadCA(path: path))))
                }
            case .probeTLS(let request, let generation):
                start("certificate", generation) {
                    let report = await ownProbes.during { await TLSProbe().probe(request) }
                    send(.certificate(.probeFinished(generation, report)))
                }
            case .exportCA(let caPath, let directory, let generation):
                start("certificate", generation) {
                    send(.certificate(.exportFinished(generation, RuntimeEffects.export(caPath: caPath, into: directory))))
                }
            }
        case .names(let effect):
            switch effect {
            case .cancel(let generation): cancel(step: "names", generation)
            case .readEdgeConfig(let generation):
                start("names", generation) {
                    send(.names(.edgeConfigRead(generation, RuntimeEffects.readEdgeConfig(configuration.edgeConfigReader))))
                }
            case .observeName(let host, let port, let generation):
                start("names", generation) {
                    // The port check connects to edgeHub's port.
                    let observation = await ownProbes.during { await RuntimeEffects.observeName(host: host, port: port, configuration: configuration) }
                    send(.names(.observed(generation, observation)))
                }
            }
        case .device(let effect):
            switch effect {
            case .cancel(let generation): cancel(step: "device", generation)
            case .ensureDevice(let request, let generation):
                start("device", generation) {
                    let result = await RuntimeEffects.ensureDevice(request, configuration: configuration)
                    send(.device(.registryAnswered(generation, result)))
                }
            case .readDevice(let request, let generation):
                start("device", generation) {
                    let result = await RuntimeEffects.readDevice(request, configuration: configuration)
                    send(.device(.registryAnswered(generation, result)))
                }
            case .setParent(let request, let etag, let generation):
                start("device", generation) {
                    let result = await RuntimeEffects.setParent(request, etag: etag, configuration: configuration)
                    send(.device(.registryAnswered(generation, result)))
                }
            }
        case .sas:
            break
        case .agent(let effect):
            switch effect {
            case .cancel(let generation): cancel(step: "agent", generation)
            case .pushAgent(let request, let generation):
                start("agent", generation) {
                    let result = await RuntimeEffects.pushAgent(request, configuration: configuration)
                    send(.agent(.pushFinished(generation, result)))
                }
            case .inspectAgent(let request, let generation):
                start("agent", generation) {
                    let result = await RuntimeEffects.inspectAgent(request, configuration: configuration)
                    send(.agent(.inspected(generation, result)))
                }
            }
        case .validation(let effect):
            switch effect {
            case .cancel(let generation): cancel(step: "validation", generation)
            case .probe(let request, let generation):
                start("validation", generation) {
                    let tls = await ownProbes.during { await TLSProbe().probe(request.tls) }
                    send(.validation(.tlsProbed(generation, tls)))
                    if tls.isVerified && !Task.isCancelled {
                        let report = await MQTTProbe.run(request.mqtt)
                        for event in report.events where !Task.isCancelled {
                            send(.validation(.mqttEvent(generation, event)))
                        }
                    }
                    send(.validation(.finished(generation)))
                }
            }
        case .followEvents(let deviceID, let generation):
            // The first follow starts at once (a log followed from now on must not miss step 1's probe);
            // a restart, which typing the device id makes at every key, settles first.
            let settle = lock.withLock {
                defer { eventsFollowedBefore = true }
                return eventsFollowedBefore ? configuration.followSettleDelay : .zero
            }
            // No commands: edgeHub's log is not followed at all (a lab plays it with its broker log).
            if !configuration.edgeHubLogCommands.isEmpty {
                let follower = configuration.edgeHubLogFollower(deviceID: deviceID)
                start("follow", generation, after: settle) {
                    // Cancelling this task ends the stream, which stops the log command.
                    for await event in follower.events() {
                        send(.followed(generation, ownProbes.label(event)))
                    }
                }
            }
            // edgeHub's own counters for the device: pane lines when the flow changes, and the Flow row.
            if let metrics = configuration.edgeHubMetrics, let deviceID {
                let interval = configuration.edgeHubMetricsInterval
                start("follow", generation, after: settle) {
                    let events = EdgeHubFlowFollower.events(given: metrics.url, device: deviceID, interval: interval) { flow in
                        send(.flowMeasured(generation, flow))
                    }
                    for await event in events { send(.followed(generation, event)) }
                }
            }
            // One task per source, so a source that fails or ends leaves the others running.
            for source in configuration.eventSources {
                start("follow", generation, after: settle) {
                    await source.follow(deviceID: deviceID) { send(.followed(generation, ownProbes.label($0))) }
                }
            }
        case .followHubEvents(let deviceID, let owner, let generation):
            // IoT Hub's own word that the device's messages arrive (the Hub row and pane lines). Cancelling the
            // task drops the stream, which stops the reader thread.
            guard let endpoint = configuration.hubEvents else { break }
            start("follow", generation, after: configuration.followSettleDelay) {
                for await update in HubEventsReader.updates(endpoint.request(owner: owner, device: deviceID, from: Date())) {
                    send(.hubEventsUpdated(generation, update))
                }
            }
        case .stopFollowing(let generation):
            cancel(step: "follow", generation)
        }
    }

    /// Cancels every running effect.
    public func shutdown() {
        lock.lock()
        let running = tasks.values.flatMap(\.values)
        tasks.removeAll()
        lock.unlock()
        for task in running { task.cancel() }
    }

    /// Runs `work` as a task of `step`'s `generation`; with `delay`, only if not cancelled within it.
    private func start(_ step: String, _ generation: Generation, after delay: Duration = .zero, _ work: @escaping @Sendable () async -> Void) {
        let key = TaskKey(step: step, generation: generation)
        let id = UUID()
        // Registered under the lock, so a task that ends at once cannot unregister before it is registered.
        lock.lock()
        tasks[key, default: [:]][id] = Task.detached { [weak self] in
            if delay > .zero { try? await Task.sleep(for: delay) }
            if !Task.isCancelled { await work() }
            self?.finished(key, id)
        }
        lock.unlock()
    }

    private func finished(_ key: TaskKey, _ id: UUID) {
        lock.lock()
        tasks[key]?[id] = nil
        if tasks[key]?.isEmpty == true { tasks[key] = nil }
        lock.unlock()
    }

    private func cancel(step: String, _ generation: Generation) {
        lock.lock()
        let running = tasks.removeValue(forKey: TaskKey(step: step, generation: generation))
        lock.unlock()
        running?.values.forEach { $0.cancel() }
    }
}
