import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeProbes
import KepEdgeRuntime
import KepEdgeTestSupport
import Testing

/// `kepedge check`'s steps 3 to 5 in-process (`CheckRun` + `WizardDriver`) against the fake hub and the
/// fake Kepware over real HTTPS: read-only, the same verdicts the wizard's screens show, and a fix for
/// each problem; edgeHub's log comes from the runtime configuration's `edgeHubRecentLog`. Steps 1, 2, 4
/// and 6 are in `CheckRunAgainstBrokerTests`; the binary itself is tested end to end in `CheckCommandTests`.
@Suite(.serialized)
struct CheckRunAgainstFakesTests {
    typealias Fakes = WizardDriverAgainstFakesTests

    /// Registry at the fake hub, Kepware's API answering within 5 s, edgeHub's recent log as `edgeHubLines`.
    static func configuration(hub: FakeIoTHub, edgeHubLines: [String] = []) -> WizardRuntimeConfiguration {
        var configuration = WizardRuntimeConfiguration()
        configuration.edgeHubRecentLog = FixedEdgeHubLog(outcome: .lines(command: "iotedge logs --since 5m edgeHub", edgeHubLines))
        configuration.registryEndpointOverride = ("127.0.0.1", hub.port)
        configuration.registryCAFile = hub.caFile
        configuration.environment = [:]
        configuration.agentConnectTimeout = 5
        configuration.agentPollInterval = 0.2
        configuration.kepwareTimeout = 5
        return configuration
    }

    /// A driver for steps 3 to 5: registry at the fake hub, Kepware at the fake API (fingerprint trusted).
    static func driver(hub: FakeIoTHub, kepware: FakeKepwareConfigAPI, gateway: String = "gw.plant.local",
                       edgeHubLines: [String] = []) throws -> WizardDriver {
        let driver = WizardDriver(state: Wizard.State(now: Date()), configuration: Self.configuration(hub: hub, edgeHubLines: edgeHubLines))
        driver.send(.names(.gatewayHostChanged(gateway)))
        driver.send(.device(.hubChanged(Fakes.hubHost)))
        driver.send(.device(.deviceIDChanged("kepware-01")))
        driver.send(.device(.edgeDeviceIDChanged("gw-01")))
        driver.send(.device(.ownerConnectionStringChanged(Fakes.ownerConnectionString())))
        driver.send(.device(.credentialPasted(Secret(Fakes.deviceKey))))
        driver.send(.sas(.generate(now: Date())))
        driver.send(.agent(.kepwareURLChanged("https://127.0.0.1:\(kepware.port)")))
        driver.send(.agent(.kepwarePasswordChanged(Secret(Fakes.kepwarePassword))))
        driver.send(.agent(.kepwareFingerprintChanged(try #require(kepware.certificates).fingerprint())))
        return driver
    }

    struct Setup {
        let directory: TemporaryDirectory
        let hub: FakeIoTHub
        let kepware: FakeKepwareConfigAPI

        func stop() async {
            await hub.stop()
            await kepware.stop()
            directory.remove()
        }
    }

    static func start(agent: FixedAgentRunner) async throws -> Setup {
        let directory = try TemporaryDirectory()
        let hub = try await Fakes.startHub(in: directory)
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Fakes.kepwarePassword], runner: agent,
                                                           httpsIn: directory.path)
        return Setup(directory: directory, hub: hub, kepware: kepware)
    }

    /// The agent as an engineer would have pushed it from the wizard, for `gateway`.
    static func pushAgent(_ setup: Setup, gateway: String = "gw.plant.local") async throws {
        let pusher = try driver(hub: setup.hub, kepware: setup.kepware, gateway: gateway)
        #expect(await pusher.send(.agent(.push), awaiting: .agent, timeout: .seconds(30)))
        pusher.shutdown()
    }

    /// Steps 3 to 5 as `kepedge check` runs them, and edgeHub's log.
    static func checks(_ run: CheckRun) async -> [CheckRun.Check] {
        await run.device(notGivenReason: nil) + run.sas() + run.agent(notGivenReason: nil) + run.recentLogs(brokerLog: nil)
    }

    static func byID(_ checks: [CheckRun.Check]) -> [CheckID: CheckResult] {
        Dictionary(checks.map { ($0.result.id, $0.result) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aHealthySetUpPassesReadOnlyWithTheWizardsOwnVerdicts() async throws {
        let setup = try await Self.start(agent: FixedAgentRunner(.connected))
        let edge = await setup.hub.addEdgeDevice("gw-01")
        await setup.hub.addDevice("kepware-01", scope: edge.deviceScope)
        try await Self.pushAgent(setup)
        let hubBefore = await setup.hub.requests().count, kepwareBefore = await setup.kepware.requests().count

        let driver = try Self.driver(hub: setup.hub, kepware: setup.kepware, edgeHubLines: [
            "<6> 2026-11-27 04:00:00.000 +00:00 [INF] - Client kepware-01 in device scope authenticated locally.",
            "<6> 2026-11-27 04:00:01.000 +00:00 [INF] - Client other-device in device scope not authenticated locally.",
        ])
        let checks = await Self.checks(CheckRun(driver: driver, timeout: .seconds(30)))
        driver.shutdown()
        let hubRequests = await setup.hub.requests().dropFirst(hubBefore)
        let kepwareRequests = await setup.kepware.requests().dropFirst(kepwareBefore)
        await setup.stop()

        let byID = Self.byID(checks)
        for id: CheckID in [.deviceExists, .deviceEnabled, .deviceParent, .edgeHubRoutes, .sasToken,
                            .kepwareAPI, .kepwareIoTGateway, .kepwareAgent, .kepwareAgentSettings, .kepwareAgentConnected, .edgeHubLog] {
            #expect(byID[id]?.status == .ok, "\(id): \(String(describing: byID[id]))")
        }
        #expect(byID[.kepwareAgentSettings]?.details.contains { $0.contains("password cannot be read back") } == true)
        #expect(byID[.kepwareAgentConnected]?.details.first?.contains("is connected to broker") == true)
        // The secrets the run was given are in no line of the report, text or JSON.
        let report = CheckReport(checks: checks)
        for output in [report.text, String(decoding: try JSONEncoder().encode(report), as: UTF8.self)] {
            #expect(!output.contains(Fakes.ownerKey) && !output.contains(Fakes.kepwarePassword) && !output.contains(Fakes.deviceKey))
        }
        // Read-only: only GETs reached the registry and Kepware.
        #expect(!hubRequests.isEmpty && hubRequests.allSatisfy { $0.method == "GET" }, "\(hubRequests.map(\.method))")
        #expect(!kepwareRequests.isEmpty && kepwareRequests.allSatisfy { $0.method == "GET" }, "\(kepwareRequests.map(\.method))")
        // One home for every verdict: `kepedge check`'s lines are the wizard's step checks for the same state.
        for step: StepID in [.device, .sas, .agent] {
            #expect(checks.filter { $0.step == step.rawValue }.map(\.result) == Wizard.checks(of: step, in: driver.state), "step \(step)")
        }
    }

    @Test func aSessionGivesStepsThreeAndFiveTheirInputs() async throws {
        let setup = try await Self.start(agent: FixedAgentRunner(.connected))
        let edge = await setup.hub.addEdgeDevice("gw-01")
        await setup.hub.addDevice("kepware-01", scope: edge.deviceScope)
        try await Self.pushAgent(setup)
        // The session holds the non-secret inputs; `kepedge check --session` restores them, the secrets come from files.
        var state = Wizard.State(now: Date())
        state.names.gatewayHost = "gw.plant.local"
        state.device.hubText = "lab-hub"
        state.device.deviceIDText = "kepware-01"
        state.device.edgeDeviceIDText = "gw-01"
        state.agent.kepwareURLText = "https://127.0.0.1:\(setup.kepware.port)"
        state.agent.kepwareFingerprintText = try #require(setup.kepware.certificates).fingerprint()
        let store = SessionStore(path: setup.directory.file("session.json"))
        try store.save(WizardSession(state, savedAt: Date()))
        let restored = try #require(try store.load()).restoredState(now: Date())

        let driver = WizardDriver(state: restored, configuration: Self.configuration(hub: setup.hub))
        driver.send(.device(.ownerConnectionStringChanged(Fakes.ownerConnectionString())))
        driver.send(.device(.credentialPasted(Secret(Fakes.deviceKey))))
        driver.send(.agent(.kepwarePasswordChanged(Secret(Fakes.kepwarePassword))))
        let byID = Self.byID(await Self.checks(CheckRun(driver: driver, timeout: .seconds(30))))
        driver.shutdown()
        await setup.stop()

        for id: CheckID in [.deviceParent, .edgeHubRoutes, .kepwareAgent, .kepwareAgentSettings, .kepwareAgentConnected, .edgeHubLog] {
            #expect(byID[id]?.status == .ok, "\(id): \(String(describing: byID[id]))")
        }
    }

    @Test func problemsInStepsThreeAndFiveAreNamedWithTheirFixes() async throws {
        let setup = try await Self.start(agent: FixedAgentRunner(.failed("connection refused by broker (not authorized)")))
        await setup.hub.addEdgeDevice("gw-01", routes: ["toFilter": "FROM /messages/* INTO BrokeredEndpoint(\"/modules/filter/inputs/in\")"])
        await setup.hub.addDevice("kepware-01")
        // The agent was pushed for another gateway, and never connects.
        try await Self.pushAgent(setup, gateway: "old-gw.plant.local")

        let driver = try Self.driver(hub: setup.hub, kepware: setup.kepware)
        let byID = Self.byID(await Self.checks(CheckRun(driver: driver, timeout: .seconds(30))))
        driver.shutdown()
        await setup.stop()

        #expect(byID[.deviceParent]?.status == .error)
        #expect(byID[.deviceParent]?.fix?.contains("az iot hub device-identity parent set --device-id kepware-01 --parent-device-id gw-01") == true)
        #expect(byID[.edgeHubRoutes]?.status == .warning)
        #expect(byID[.kepwareAgentSettings]?.status == .error)
        #expect(byID[.kepwareAgentSettings]?.details.contains { $0.contains("old-gw.plant.local") } == true)
        #expect(byID[.kepwareAgentConnected]?.status == .error)
        #expect(byID[.kepwareAgentConnected]?.details.contains { $0.contains("not authorized") } == true)
    }

    @Test func aMissingDeviceAndAWrongOwnerKeyAreDistinctVerdicts() async throws {
        let setup = try await Self.start(agent: FixedAgentRunner(.connected))
        await setup.hub.addEdgeDevice("gw-01")
        let missing = try Self.driver(hub: setup.hub, kepware: setup.kepware)
        let missingChecks = await CheckRun(driver: missing, timeout: .seconds(30)).device(notGivenReason: nil)
        missing.shutdown()

        let wrongKey = try Self.driver(hub: setup.hub, kepware: setup.kepware)
        wrongKey.send(.device(.ownerConnectionStringChanged(Fakes.ownerConnectionString(key: Data(repeating: 7, count: 32).base64EncodedString()))))
        let wrongKeyChecks = await CheckRun(driver: wrongKey, timeout: .seconds(30)).device(notGivenReason: nil)
        wrongKey.shutdown()
        let methods = await setup.hub.requests().map(\.method)
        await setup.stop()

        #expect(missingChecks.map(\.result.id) == [.deviceExists])
        #expect(missingChecks.first?.result.status == .error)
        #expect(missingChecks.first?.result.fix?.contains("kepedge register") == true)
        #expect(wrongKeyChecks.map(\.result.id) == [.deviceRegistry])
        #expect(wrongKeyChecks.first?.result.title.contains("refused the hub-owner credentials") == true, "\(wrongKeyChecks)")
        #expect(methods.allSatisfy { $0 == "GET" })
    }

    @Test func stepsWithoutTheirInputsAreSkippedWithTheReason() async throws {
        let driver = WizardDriver(state: Wizard.State(now: Date()))
        let run = CheckRun(driver: driver, timeout: .seconds(5))
        let device = await run.device(notGivenReason: "no hub-owner connection string: give --hub-owner-file FILE")
        let agent = await run.agent(notGivenReason: nil)
        let validation = await run.validation()
        driver.shutdown()
        #expect(device.map(\.result) == [.skipped(.device, reason: "no hub-owner connection string: give --hub-owner-file FILE")])
        #expect(agent.first?.result.status == .skipped && agent.first?.result.id == .agent)
        #expect(validation.first?.result.status == .skipped && validation.first?.result.id == .validate)
    }

    @Test func theBrokerLogsErrorLinesAboutTheDeviceAreCountedWithTheirMeaning() {
        let now = Date(timeIntervalSince1970: 1_795_744_400)
        let text = """
            1795744348: New client connected from 127.0.0.1:50000 as kepware-01 (p2, c1, k60, u'lab-hub.azure-devices.net/kepware-01/?api-version=2021-04-12').
            1795744349: Client kepware-01 in device scope not authenticated locally.
            1795744350: Client other-device in device scope not authenticated locally.
            1790000000: Client kepware-01 in device scope not authenticated locally.
            """
        let result = RecentLogReader.brokerLog(path: "/tmp/broker.log", text: text, deviceID: "kepware-01", now: now)
        #expect(result.id == .brokerLog)
        #expect(result.status == .error)
        #expect(result.title.contains("1 error line(s) about kepware-01"), "\(result.title)")
        #expect(result.fix != nil)
    }

    @Test func edgeHubsErrorLinesAboutTheDeviceFailTheLogCheckWithTheirFix() {
        let lines = [
            "<6> 2026-11-27 04:00:00.000 +00:00 [INF] - Client kepware-01 in device scope not authenticated locally.",
            "<6> 2026-11-27 04:00:00.100 +00:00 [ERR] - Unable to generate identity for clientId kepware-01 and username lab-hub.azure-devices.net/kepware-01/?api-version=2021-04-12",
            "<6> 2026-11-27 04:00:01.000 +00:00 [ERR] - Unable to generate identity for clientId other-device and username x",
        ]
        let result = RecentLogReader.edgeHub(lines: lines, from: "iotedge logs --since 5m edgeHub", deviceID: "kepware-01")
        #expect(result.id == .edgeHubLog)
        #expect(result.status == .error)
        #expect(result.title.contains("2 error line(s) about kepware-01"), "\(result.title)")
        #expect(!result.details.contains { $0.contains("other-device") })
        #expect(result.fix != nil)

        let healthy = RecentLogReader.edgeHub(
            lines: ["<6> 2026-11-27 04:00:00.000 +00:00 [INF] - Client kepware-01 in device scope authenticated locally."],
            from: "iotedge logs --since 5m edgeHub", deviceID: "kepware-01")
        #expect(healthy.status == .ok)
    }
}
