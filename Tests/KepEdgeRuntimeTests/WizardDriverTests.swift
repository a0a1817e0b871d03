import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeRuntime
import KepEdgeTestSupport
import Testing

/// The runtime performing the wizard's effects with real parts: the resolver and a loopback
/// listener for step 2, a real mosquitto TLS listener for step 1.
@Suite(.serialized) struct WizardDriverTests {
    private func driver() throws -> (WizardDriver, TemporaryDirectory) {
        let folder = try TemporaryDirectory()
        let hosts = try folder.write("hosts", "127.0.0.1 localhost\n10.0.0.10 gw01\n")
        let configuration = WizardRuntimeConfiguration(
            edgeConfigTOMLPath: folder.file("none.toml"), edgeConfigYAMLPath: folder.file("none.yaml"),
            hostsFilePath: hosts, resolveTimeout: .seconds(5), connectTimeout: .seconds(3))
        return (WizardDriver(state: Wizard.State(now: Date()), configuration: configuration), folder)
    }

    @Test func observesLocalhostAndItsListeningPort() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let (driver, folder) = try driver()
        defer { driver.shutdown(); folder.remove() }
        driver.send(.names(.gatewayHostChanged("localhost")))
        driver.send(.names(.portChanged("\(listener.port)")))

        let finished = await driver.send(.names(.check), awaiting: .names, timeout: .seconds(15))
        #expect(finished)
        let observation = try #require(driver.state.names.observation.value)
        #expect(observation.resolution.resolved)
        #expect(observation.hostsEntries.map(\.address) == ["127.0.0.1"])
        #expect(observation.port?.accepted == true)
        #expect(observation.port?.port == listener.port)
        #expect(NamesStep.checks(driver.state.names).contains { $0.id == .portOpen && $0.status == .ok })
    }

    @Test func missingEdgeConfigComesBackAsAFailureWithAFix() async throws {
        let (driver, folder) = try driver()
        defer { driver.shutdown(); folder.remove() }
        #expect(await driver.send(.names(.readEdgeConfig), awaiting: .names, timeout: .seconds(5)))
        let failure = try #require(driver.state.names.edgeConfig.failure)
        #expect(failure.fix != nil)
    }

    @Test func verifiesTheChainOfARealTLSBrokerAndRejectsAWrongCA() async throws {
        let certificates = try TestCertificates()
        defer { certificates.directory.remove() }
        let broker = try MosquittoBroker(tls: certificates.brokerTLS)
        defer { broker.shutDown() }
        try await broker.start(timeout: 20)

        let (driver, folder) = try driver()
        defer { driver.shutdown(); folder.remove() }
        driver.send(.names(.gatewayHostChanged("localhost")))
        driver.send(.names(.portChanged("\(broker.port)")))
        driver.send(.certificate(.caPathChanged(certificates.rootCAFile)))
        #expect(await driver.send(.certificate(.verify), awaiting: .certificate, timeout: .seconds(20)))
        #expect(driver.state.certificate.ca.value?.subject.contains("kepedge test root") == true)
        #expect(driver.state.certificate.probe.value?.isVerified == true)
        #expect(Wizard.status(of: .certificate, in: driver.state).isDone)

        driver.send(.certificate(.caPathChanged(certificates.unrelatedRootCAFile)))
        #expect(await driver.send(.certificate(.verify), awaiting: .certificate, timeout: .seconds(20)))
        let report = try #require(driver.state.certificate.probe.value)
        #expect(!report.isVerified)
        #expect(CertificateStep.checks(driver.state.certificate, now: Date()).contains { $0.status == .error && $0.fix != nil })
    }

    @Test func registryEffectAnswersAnUnreachableRegistryInWords() async throws {
        let received = Received()
        var configuration = WizardRuntimeConfiguration()
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        configuration.registryEndpointOverride = ("127.0.0.1", 1)
        configuration.registryConnectTimeout = 2
        configuration.environment = [:]
        let runtime = WizardRuntime(configuration: configuration) { action in received.append(action) }
        defer { runtime.shutdown() }
        let hub = try IoTHubHost(parsing: "myhub")
        let owner = HubOwnerConnectionString(hub: hub, policyName: "iothubowner", key: try SharedAccessKey(base64: "a2V5a2V5a2V5a2V5"))
        let request = RegistrationRequest(
            hub: hub, device: try DeviceID(validating: "d1"), edgeDevice: try DeviceID(validating: "gw"), ownerConnectionString: owner)
        runtime.perform(.device(.ensureDevice(request, 7)))
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while received.all.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard case .device(.registryAnswered(7, .failure(let failure))) = received.all.first else {
            Issue.record("expected a registry failure, got \(received.all)")
            return
        }
        #expect(failure.message.contains("127.0.0.1:1"), "\(failure.message)")
        #expect(failure.fix != nil)
    }
}

private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Wizard.Action] = []
    func append(_ action: Wizard.Action) { lock.lock(); actions.append(action); lock.unlock() }
    var all: [Wizard.Action] { lock.lock(); defer { lock.unlock() }; return actions }
}

/// Following events: the wizard's start follows edgeHub's log through the configured command.
@Suite struct WizardRuntimeFollowTests {
    // The command exits at once: a long-lived child could hold pipes that parallel tests' processes inherit.
    @Test func followsTheLogCommand() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let received = Received()
        let configuration = WizardRuntimeConfiguration(
            edgeHubLogCommands: [.init(name: "/bin/sh", arguments: ["-c", "echo '<6> 2026-11-27 04:00:00.000 +00:00 [INF] - hello from edgeHub'"])])
        let runtime = WizardRuntime(configuration: configuration) { received.append($0) }
        defer { runtime.shutdown() }
        runtime.perform(.followEvents(deviceID: nil, 3))
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !received.all.contains(where: { if case .followed(3, let event) = $0 { return event.text.contains("hello from edgeHub") } else { return false } }),
              ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(received.all.contains { if case .followed(3, let event) = $0 { return event.text.contains("hello from edgeHub") } else { return false } }, "\(received.all)")
        runtime.perform(.stopFollowing(3))
    }
}

/// Extra sources (the lab's broker log, a subscription) are followed beside edgeHub's log; one that ends
/// says so once and the others go on.
@Suite struct WizardRuntimeEventSourceTests {
    private static func texts(_ received: Received, generation: Generation) -> [String] {
        received.all.compactMap { if case .followed(generation, let event) = $0 { return event.text } else { return nil } }
    }

    @Test func followsTheBrokerLogBesideASourceThatEnds() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let logPath = folder.path + "/mosquitto.log"
        try Data().write(to: URL(fileURLWithPath: logPath))
        var configuration = WizardRuntimeConfiguration(edgeHubLogCommands: [.init(name: "kepedge-no-such-log-command", arguments: [])])
        configuration.eventSources = [
            .brokerLog(path: logPath, pollInterval: 0.05),
            WizardEventSource(name: "dead source", source: .upstream) { _ in AsyncStream { $0.finish() } },
        ]
        let received = Received()
        let runtime = WizardRuntime(configuration: configuration) { received.append($0) }
        defer { runtime.shutdown() }
        runtime.perform(.followEvents(deviceID: "kepware-01", 5))
        // The follower starts at the end of the file, whenever its task gets to run: append the line
        // again until it is seen, so a slow start cannot make it miss the only line.
        let line = Data("1764216000: New client connected from 127.0.0.1:50000 as kepware-01 (p2, c1, k60, u'lab-hub').\n".utf8)
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !Self.texts(received, generation: 5).contains(where: { $0.contains("New client connected") }), ContinuousClock.now < deadline {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            handle.seekToEndOfFile()
            handle.write(line)
            try handle.close()
            try await Task.sleep(for: .milliseconds(300))
        }
        let texts = Self.texts(received, generation: 5)
        #expect(texts.contains { $0.contains("New client connected from 127.0.0.1:50000 as kepware-01") }, "\(texts)")
        #expect(texts.filter { $0.contains("dead source stopped") }.count == 1, "\(texts)")
        #expect(texts.filter { $0.contains("edgeHub's log is not available") }.count == 1, "\(texts)")
        runtime.perform(.stopFollowing(5))
    }
}
