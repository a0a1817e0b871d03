import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeRuntime
import KepEdgeTestSupport
import Testing

/// `kepedge check`'s steps 1, 2, 4 and 6 in-process (`CheckRun.everyStep` + `WizardDriver`) against a real
/// mosquitto TLS listener on loopback serving a chain for `localhost`: the report the binary prints, with the
/// wizard's own verdicts. The binary itself is tested end to end once, in `CheckCommandTests`.
@Suite(.serialized)
struct CheckRunAgainstBrokerTests {
    /// A made-up device key: it must never appear in what check reports.
    static let deviceKey = "c2VjcmV0LWRldmljZS1rZXktZm9yLWNoZWNrLXRlc3Q="
    static let noOwner = "no hub-owner connection string: give --hub-owner-file FILE"
    static let noKepware = "no Kepware password: give --kepware-password-file FILE"
    /// What a machine without IoT Edge answers when edgeHub's log is asked for.
    static let noEdgeHub = EdgeHubRecentLog.Outcome.unavailable("neither iotedge nor docker found (run kepedge check on the IoT Edge gateway)")

    struct Setup {
        let certificates: TestCertificates
        let broker: MosquittoBroker
        /// An empty folder as `PATH`: no docker to find edgeHub's metrics with.
        let emptyPath: TemporaryDirectory

        func stop() {
            broker.shutDown()
            certificates.directory.remove()
            emptyPath.remove()
        }

        var inputs: CheckRun.Inputs {
            var inputs = CheckRun.Inputs(registryNotGivenReason: CheckRunAgainstBrokerTests.noOwner,
                                         kepwareNotGivenReason: CheckRunAgainstBrokerTests.noKepware)
            inputs.searchPath = emptyPath.path
            return inputs
        }
    }

    static func start() async throws -> Setup {
        let certificates = try TestCertificates()
        let broker = try MosquittoBroker(tls: certificates.brokerTLS)
        try await broker.start(timeout: 20)
        return Setup(certificates: certificates, broker: broker, emptyPath: try TemporaryDirectory())
    }

    /// A driver as `kepedge check --gateway localhost --port P --ca CA [--hub myhub --device kepware01 --key K]` fills it,
    /// reading no IoT Edge config of this machine.
    static func driver(_ setup: Setup, state: Wizard.State = Wizard.State(now: Date()), ca: String? = nil, full: Bool,
                       edgeHubLog: EdgeHubRecentLog.Outcome = noEdgeHub) -> WizardDriver {
        var configuration = WizardRuntimeConfiguration.readingEdgeConfig("/nonexistent/kepedge-test/config.toml")
        configuration.edgeHubRecentLog = FixedEdgeHubLog(outcome: edgeHubLog)
        let driver = WizardDriver(state: state, configuration: configuration)
        if state.names.gatewayHost.isEmpty {
            driver.send(.names(.gatewayHostChanged("localhost")))
            driver.send(.names(.portChanged(String(setup.broker.port))))
            driver.send(.certificate(.caPathChanged(ca ?? setup.certificates.rootCAFile)))
        }
        if full {
            driver.send(.device(.hubChanged("myhub")))
            driver.send(.device(.deviceIDChanged("kepware01")))
        }
        if full || !state.device.deviceIDText.isEmpty { driver.send(.device(.credentialPasted(Secret(deviceKey)))) }
        return driver
    }

    static func run(_ driver: WizardDriver, _ inputs: CheckRun.Inputs) async -> CheckReport {
        let report = await CheckRun(driver: driver, timeout: .seconds(30)).everyStep(inputs)
        driver.shutdown()
        return report
    }

    static func results(_ report: CheckReport, step: StepID) -> [CheckResult] {
        report.checks.filter { $0.step == step.rawValue }.map(\.result)
    }

    static func json(_ report: CheckReport) throws -> String {
        String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
    }

    @Test func allInputsGivenRunsEveryCheckAndPublishesWithTheWizardsOwnVerdicts() async throws {
        let setup = try await Self.start()
        defer { setup.stop() }
        let driver = Self.driver(setup, full: true)
        let report = await Self.run(driver, setup.inputs)
        let lines = report.text.split(separator: "\n").map(String.init)

        #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("localhost:\(setup.broker.port)") }, "\(report.text)")
        #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("SAS token for kepware01 on myhub.azure-devices.net") }, "\(report.text)")
        #expect(lines.contains { $0.hasPrefix("skipped ") && $0.contains("device exists") })
        #expect(report.text.contains("skipped: " + Self.noOwner))
        // The validation step connected as the device (CONNACK 0) and its test message was acknowledged.
        #expect(report.checks.contains { $0.step == 6 && $0.result.id == .validatePuback && $0.result.status == .ok }, "\(report.text)")
        #expect(report.checks.contains { $0.step == 2 && $0.result.status == .ok })
        #expect(Set(report.checks.map(\.step)) == Set(1...6))
        // Steps 3 and 5 lack credentials; there is no edgeHub whose log or counters could be read.
        #expect(report.summary.errors == 0, "\(report.text)")
        #expect(report.checks.filter { $0.result.status == .skipped }.map(\.result.id) == [.deviceRegistry, .agent, .edgeHubLog, .edgeHubMetrics, .hubArrival],
                "\(report.text)")
        for output in [report.text, try Self.json(report)] {
            #expect(!output.contains(Self.deviceKey))
            #expect(!output.contains("sig=") && !output.contains("SharedAccessSignature"))
        }
        // One home for every verdict: `kepedge check`'s lines are the wizard's step checks for the same state
        // (step 6 then adds edgeHub's log and counters, which the wizard shows in its pane).
        for step: StepID in [.certificate, .names, .sas] {
            #expect(Self.results(report, step: step) == Wizard.checks(of: step, in: driver.state), "step \(step)")
        }
        let validation = Wizard.checks(of: .validation, in: driver.state)
        #expect(!validation.isEmpty)
        #expect(Array(Self.results(report, step: .validation).prefix(validation.count)) == validation)
        #expect(Self.results(report, step: .validation).dropFirst(validation.count).map(\.id) == [.edgeHubLog, .edgeHubMetrics, .hubArrival])
    }

    @Test func aWrongCAIsAnErrorWithItsFix() async throws {
        let setup = try await Self.start()
        defer { setup.stop() }
        let driver = Self.driver(setup, ca: setup.certificates.unrelatedRootCAFile, full: false)
        let report = await Self.run(driver, setup.inputs)

        let first = try #require(report.checks.first)
        #expect(first.step == 1 && first.result.status == .error, "\(report.text)")
        #expect(first.result.fix?.isEmpty == false)
        #expect(report.text.split(separator: "\n").first?.hasPrefix("error ") == true)
        #expect(report.text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("fix: ") })
        #expect(Self.results(report, step: .certificate) == Wizard.checks(of: .certificate, in: driver.state))
    }

    @Test func missingInputsAreSkippedWithTheReason() async throws {
        let setup = try await Self.start()
        defer { setup.stop() }
        let report = await Self.run(Self.driver(setup, full: false), setup.inputs)

        // Steps 3 to 6 and edgeHub's counters (no device id to count for); edgeHub's log is not about a device.
        #expect(report.checks.filter { $0.result.status == .skipped }.map(\.result.id)
                    == [.deviceRegistry, .sasToken, .agent, .validate, .edgeHubLog, .edgeHubMetrics, .hubArrival], "\(report.text)")
        #expect(report.summary.errors == 0)
        #expect(report.text.contains("skipped: No hub and device yet"), "\(report.text)")
        #expect(report.text.contains("skipped: no device id: give --device ID or --session FILE"), "\(report.text)")
    }

    @Test func aTokenExpiringSoonWarns() async throws {
        let setup = try await Self.start()
        defer { setup.stop() }
        let driver = Self.driver(setup, full: true)
        driver.send(.sas(.lifetimeChanged("2d")))
        let report = await Self.run(driver, setup.inputs)

        let sas = Self.results(report, step: .sas)
        #expect(sas.map(\.id) == [.sasToken])
        #expect(sas.first?.status == .warning && sas.first?.title.contains("expires in") == true, "\(report.text)")
        #expect(report.summary.errors == 0 && report.summary.warnings >= 1)
    }

    @Test func aGivenTokenIsCheckedForItsDeviceAndExpiryAndNeverReported() async throws {
        let key = try SharedAccessKey(base64: Self.deviceKey)
        let soon = Int(Date().timeIntervalSince1970) + 2 * 86_400
        let other = SASToken.forDevice(hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "other"), key: key, expiry: soon)
        let driver = WizardDriver(state: Wizard.State(now: Date()))
        driver.send(.device(.hubChanged("myhub")))
        driver.send(.device(.deviceIDChanged("kepware01")))
        let checks = CheckRun(driver: driver, timeout: .seconds(5)).sas(given: other)
        driver.shutdown()

        let text = CheckReport(checks: checks).text
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("error    SAS token is for other on myhub.azure-devices.net, not kepware01 on myhub.azure-devices.net"), "\(text)")
        #expect(lines.contains { $0.hasPrefix("warning  SAS token for other on myhub.azure-devices.net expires in 1 day") }, "\(text)")
        let json = try Self.json(CheckReport(checks: checks))
        #expect(!text.contains(other.value.revealed) && !json.contains(other.value.revealed))
    }

    @Test func aSessionGivesTheInputs() async throws {
        let setup = try await Self.start()
        defer { setup.stop() }
        var state = Wizard.State(now: Date())
        state.names.gatewayHost = "localhost"
        state.names.portText = "\(setup.broker.port)"
        state.certificate.caPath = setup.certificates.rootCAFile
        state.device.hubText = "myhub"
        state.device.deviceIDText = "kepware01"
        state.sas.lifetimeText = "3d"
        // Through the session file, as `kepedge check --session FILE` reads it.
        let store = SessionStore(path: setup.certificates.directory.file("session.json"))
        try store.save(WizardSession(state, savedAt: Date()))
        let restored = try #require(try store.load()).restoredState(now: Date())
        let report = await Self.run(Self.driver(setup, state: restored, full: false), setup.inputs)
        let lines = report.text.split(separator: "\n").map(String.init)

        #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("localhost:\(setup.broker.port)") }, "\(report.text)")
        // The session's 3-day lifetime is used: the token is inside the 7-day warning window.
        #expect(lines.contains { $0.hasPrefix("warning ") && $0.contains("SAS token for kepware01 on myhub.azure-devices.net") }, "\(report.text)")
        #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("PUBACK") })
    }
}

/// edgeHub's recent log as a machine would answer: fixed lines, or why it could not be read.
struct FixedEdgeHubLog: EdgeHubRecentLogSource {
    let outcome: EdgeHubRecentLog.Outcome

    func read() async -> EdgeHubRecentLog.Outcome { outcome }
}
