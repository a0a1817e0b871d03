import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeProbes
import KepEdgeRuntime
import KepEdgeTestSupport
import Testing

/// The wizard's steps 3 and 5 as the terminal UI runs them (`WizardDriver` + `WizardRuntime`), against
/// the fake hub and the fake Kepware over real HTTPS on loopback.
@Suite(.serialized)
struct WizardDriverAgainstFakesTests {
    static let hubHost = "lab-hub.azure-devices.net"
    static let ownerKey = Data((0..<32).map { UInt8($0) }).base64EncodedString()
    static let deviceKey = Data((100..<132).map { UInt8($0) }).base64EncodedString()
    static let kepwarePassword = "plant-pass"

    static func ownerConnectionString(key: String = ownerKey) -> Secret {
        Secret("HostName=\(hubHost);SharedAccessKeyName=iothubowner;SharedAccessKey=\(key)")
    }

    static func startHub(in directory: TemporaryDirectory) async throws -> FakeIoTHub {
        try await FakeIoTHub.start(hubHost: hubHost, policies: [
            "iothubowner": .init(key: try SharedAccessKey(base64: ownerKey), registryWrite: true),
        ], directory: directory.path)
    }

    /// A driver whose registry calls go to the fake hub, trusting its CA.
    static func deviceDriver(_ hub: FakeIoTHub, owner: Secret = ownerConnectionString()) -> WizardDriver {
        var configuration = WizardRuntimeConfiguration()
        configuration.registryEndpointOverride = ("127.0.0.1", hub.port)
        configuration.registryCAFile = hub.caFile
        configuration.registryConnectTimeout = 3
        configuration.registryReadTimeout = 5
        configuration.environment = [:]
        let driver = WizardDriver(state: Wizard.State(now: Date()), configuration: configuration)
        driver.send(.device(.hubChanged(hubHost)))
        driver.send(.device(.deviceIDChanged("kepware-01")))
        driver.send(.device(.edgeDeviceIDChanged("gw-01")))
        driver.send(.device(.ownerConnectionStringChanged(owner)))
        return driver
    }

    // MARK: Step 3

    @Test func registerCreatesTheDeviceUnderTheEdgeDevice() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hub = try await Self.startHub(in: directory)
        let edge = await hub.addEdgeDevice("gw-01")
        let driver = Self.deviceDriver(hub)
        #expect(await driver.send(.device(.register), awaiting: .device, timeout: .seconds(20)))
        driver.shutdown()
        await hub.stop()

        let registration = try #require(driver.state.device.registration.value, "\(driver.state.device.registration)")
        #expect(registration.created)
        #expect(registration.enabled)
        #expect(registration.deviceScope == edge.deviceScope)
        #expect(registration.parentIsSet)
        #expect(registration.routesToUpstream == true)
        #expect(registration.primaryKey != nil)
        #expect(Wizard.status(of: .device, in: driver.state) == .done(warning: nil))
        // The registry's key signs step 4's token without the engineer pasting anything.
        #expect(DeviceStep.deviceKey(driver.state.device) == registration.primaryKey)
    }

    @Test func anExistingDeviceWithoutParentGetsItWithIfMatchWhenAsked() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hub = try await Self.startHub(in: directory)
        let edge = await hub.addEdgeDevice("gw-01")
        let before = await hub.addDevice("kepware-01")
        let driver = Self.deviceDriver(hub)
        #expect(await driver.send(.device(.register), awaiting: .device, timeout: .seconds(20)))
        let found = try #require(driver.state.device.registration.value)
        #expect(!found.created)
        #expect(!found.parentIsSet)
        guard case .failed(let reason) = Wizard.status(of: .device, in: driver.state) else {
            Issue.record("a device without parent must fail step 3: \(Wizard.status(of: .device, in: driver.state))")
            return
        }
        #expect(reason.contains("no parent gw-01"))
        // Nothing was changed before the engineer asked.
        #expect(await hub.snapshot().first { $0.deviceId == "kepware-01" }?.deviceScope == nil)

        #expect(await driver.send(.device(.setParent), awaiting: .device, timeout: .seconds(20)))
        driver.shutdown()
        let requests = await hub.requests()
        await hub.stop()
        let updated = try #require(driver.state.device.registration.value, "\(driver.state.device.registration)")
        #expect(updated.parentIsSet)
        #expect(updated.deviceScope == edge.deviceScope)
        #expect(updated.primaryKey?.revealed == before.authentication?.symmetricKey?.primaryKey)
        #expect(requests.last { $0.method == "PUT" }?.ifMatch == "\"\(before.etag ?? "")\"")
        #expect(Wizard.status(of: .device, in: driver.state) == .done(warning: nil))
    }

    @Test func aWrongOwnerKeyIs401InWords() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hub = try await Self.startHub(in: directory)
        await hub.addEdgeDevice("gw-01")
        let wrongKey = Data(repeating: 7, count: 32).base64EncodedString()
        let driver = Self.deviceDriver(hub, owner: Self.ownerConnectionString(key: wrongKey))
        #expect(await driver.send(.device(.register), awaiting: .device, timeout: .seconds(20)))
        driver.shutdown()
        await hub.stop()
        let failure = try #require(driver.state.device.registration.failure)
        #expect(failure.message.contains("refused the hub-owner credentials"), "\(failure.message)")
        #expect(failure.fix?.contains("clock") == true)
        #expect(!failure.message.contains(wrongKey) && failure.fix?.contains(wrongKey) != true)
        guard case .failed = Wizard.status(of: .device, in: driver.state) else {
            Issue.record("401 must fail step 3")
            return
        }
    }

    @Test func routesWithoutUpstreamAreAWarning() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hub = try await Self.startHub(in: directory)
        await hub.addEdgeDevice("gw-01", routes: ["toFilter": "FROM /messages/* INTO BrokeredEndpoint(\"/modules/filter/inputs/in\")"])
        let driver = Self.deviceDriver(hub)
        #expect(await driver.send(.device(.register), awaiting: .device, timeout: .seconds(20)))
        driver.shutdown()
        await hub.stop()
        #expect(driver.state.device.registration.value?.routesToUpstream == false)
        guard case .done(let warning?) = Wizard.status(of: .device, in: driver.state) else {
            Issue.record("no upstream route must warn: \(Wizard.status(of: .device, in: driver.state))")
            return
        }
        #expect(warning.contains("$upstream"))
    }

    // MARK: Step 5

    /// A driver with steps 2-4 filled (gateway, hub, device, key, token) and Kepware's fields set.
    static func agentDriver(_ kepware: FakeKepwareConfigAPI, connectTimeout: TimeInterval, fingerprint: String?) throws -> WizardDriver {
        var configuration = WizardRuntimeConfiguration()
        configuration.agentConnectTimeout = connectTimeout
        configuration.agentPollInterval = 0.2
        configuration.kepwareTimeout = 5
        let driver = WizardDriver(state: Wizard.State(now: Date()), configuration: configuration)
        driver.send(.names(.gatewayHostChanged("gw.plant.local")))
        driver.send(.device(.hubChanged(hubHost)))
        driver.send(.device(.deviceIDChanged("kepware-01")))
        driver.send(.device(.edgeDeviceIDChanged("gw-01")))
        driver.send(.device(.credentialPasted(Secret(deviceKey))))
        driver.send(.sas(.generate(now: Date())))
        driver.send(.agent(.kepwareURLChanged("https://127.0.0.1:\(kepware.port)")))
        driver.send(.agent(.kepwarePasswordChanged(Secret(kepwarePassword))))
        if let fingerprint { driver.send(.agent(.kepwareFingerprintChanged(fingerprint))) }
        driver.send(.agent(.itemsChanged("Channel1.Device1.Tag1, Channel1.Device1.Missing")))
        return driver
    }

    @Test func pushCreatesTheAgentAddsItemsAndSeesItConnect() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword], runner: FixedAgentRunner(.connected),
                                                           httpsIn: directory.path, knownTags: ["Channel1.Device1.Tag1"])
        let fingerprint = try #require(kepware.certificates).fingerprint()
        let driver = try Self.agentDriver(kepware, connectTimeout: 10, fingerprint: fingerprint)
        #expect(await driver.send(.agent(.push), awaiting: .agent, timeout: .seconds(30)))
        driver.shutdown()
        let stored = await kepware.agent("kepware-01")
        await kepware.stop()

        let outcome = try #require(driver.state.agent.push.value, "\(driver.state.agent.push)")
        #expect(outcome.created)
        #expect(outcome.itemFailures.count == 1)
        #expect(outcome.itemFailures.first?.contains("Channel1.Device1.Missing") == true)
        #expect(outcome.differences.isEmpty)
        #expect(outcome.connectedLine?.contains("is connected to broker") == true)
        // The token the wizard made in step 4 is the agent's password.
        let token = try #require(driver.state.sas.token)
        #expect(stored?[KepwarePropertyKey.password] == .string(token.value.revealed))
        guard case .done(let warning?) = Wizard.status(of: .agent, in: driver.state) else {
            Issue.record("a refused item must warn: \(Wizard.status(of: .agent, in: driver.state))")
            return
        }
        #expect(warning.contains("1 IoT item(s) refused"))
    }

    @Test func anAgentThatDoesNotConnectFailsWithItsWarningLine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword],
                                                           runner: FixedAgentRunner(.failed("connection refused by broker (not authorized)")),
                                                           httpsIn: directory.path)
        let fingerprint = try #require(kepware.certificates).fingerprint()
        let driver = try Self.agentDriver(kepware, connectTimeout: 1.5, fingerprint: fingerprint)
        let started = ContinuousClock.now
        #expect(await driver.send(.agent(.push), awaiting: .agent, timeout: .seconds(30)))
        #expect(ContinuousClock.now - started < .seconds(15))
        driver.shutdown()
        await kepware.stop()

        let outcome = try #require(driver.state.agent.push.value, "\(driver.state.agent.push)")
        #expect(outcome.connectedLine == nil)
        #expect(outcome.eventLogProblems.count == 1)
        #expect(outcome.eventLogProblems.first?.contains("Warning") == true)
        #expect(outcome.eventLogProblems.first?.contains("not authorized") == true)
        guard case .failed(let reason) = Wizard.status(of: .agent, in: driver.state) else {
            Issue.record("no connected line must fail step 5: \(Wizard.status(of: .agent, in: driver.state))")
            return
        }
        #expect(reason.contains("did not report the agent connected"))
    }

    @Test func httpsWithoutAConfirmedFingerprintShowsItAndChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword], runner: FixedAgentRunner(.connected),
                                                           httpsIn: directory.path)
        let fingerprint = try #require(kepware.certificates).fingerprint()
        let driver = try Self.agentDriver(kepware, connectTimeout: 5, fingerprint: nil)
        #expect(await driver.send(.agent(.push), awaiting: .agent, timeout: .seconds(20)))
        driver.shutdown()
        let requests = await kepware.requests()
        await kepware.stop()
        let failure = try #require(driver.state.agent.push.failure, "\(driver.state.agent.push)")
        #expect(failure.message.contains(fingerprint), "\(failure.message)")
        #expect(failure.fix?.contains("fingerprint") == true)
        #expect(requests.isEmpty)
    }
}
