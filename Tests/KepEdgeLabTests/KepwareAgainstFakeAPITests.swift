import Foundation
import KepEdgeCore
import KepEdgeLab
@testable import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The real Configuration API client against the fake Kepware on loopback.
@Suite(.serialized)
struct KepwareAgainstFakeAPITests {
    static let users = ["Administrator": "plant-pass"]

    static func settings(password: String = "SharedAccessSignature sr=x&sig=y&se=1") throws -> KepwareAgentSettings {
        let mqtt = try GatewayMQTTSettings(gatewayHostName: "gw.plant.local", hub: IoTHubHost(parsing: "lab-hub"),
                                           device: DeviceID(validating: "kepware-01"),
                                           apiVersion: GatewayMQTTSettings.defaultAPIVersion, qos: MQTTQoS(level: 1))
        return try KepwareAgentSettings(mqtt: mqtt, password: Secret(password), agentName: "kepware-01")
    }

    static func client(_ fake: FakeKepwareConfigAPI, password: String = "plant-pass", trust: KepwareTrust = .plainHTTP) async throws -> KepwareConfigClient {
        let endpoint = try KepwareEndpoint(host: "127.0.0.1", port: fake.port, https: fake.certificates != nil)
        return try await KepwareConfigClient(endpoint: endpoint, user: "Administrator", password: Secret(password), trust: trust,
                                             connectTimeout: 3, readTimeout: 5)
    }

    @Test func createsTheAgentReadsItBackAndSeesItConnect() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.connected))
        let client = try await Self.client(fake)
        let settings = try Self.settings()
        #expect(try await client.hasIoTGateway())
        let since = Date()
        try await client.createAgent(settings.configurationAPIBody(password: .revealed))
        let readBack = try #require(try await client.agent("kepware-01"))
        let diff = KepwareAgentDiff(expected: settings.configurationAPIBody(password: .revealed), actual: readBack)
        #expect(diff.matches)
        #expect(diff.lines.contains { $0.contains("cannot be read back") })
        let verdict = try await client.waitForConnected(agent: "kepware-01", url: settings.url, since: since, timeout: 5, pollInterval: 0.2)
        #expect(verdict.connected)
        #expect(await fake.agent("kepware-01")?[KepwarePropertyKey.password] == .string("SharedAccessSignature sr=x&sig=y&se=1"))
        await client.shutdown()
        await fake.stop()
    }

    @Test func itemsAnswer207AndEachFailureIsSurfaced() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.silent),
                                                        knownTags: ["Channel1.Device1.Tag1"])
        let client = try await Self.client(fake)
        try await client.createAgent(Self.settings().configurationAPIBody(password: .revealed))
        let results = try await client.addItems(agent: "kepware-01", items: [KepwareIoTItem(serverTag: "Channel1.Device1.Tag1"),
                                                                              KepwareIoTItem(serverTag: "Channel1.Device1.Missing")])
        #expect(results.count == 2)
        #expect(results[0].succeeded)
        #expect(!results[1].succeeded)
        #expect(results[1].message?.contains("Channel1.Device1.Missing") == true)
        await client.shutdown()
        await fake.stop()
    }

    @Test func putWithoutProjectIDIsRefusedAndTheClientSendsTheCurrentOne() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.silent))
        let client = try await Self.client(fake)
        try await client.createAgent(Self.settings().configurationAPIBody(password: .revealed))
        // The fake's rule, through the raw body kepedge must never send.
        let stale = KepwareAgentSettings.passwordUpdateBody(password: Secret("new"), projectID: 1)
        await #expect { try await client.send("PUT", KepwarePaths.agent("kepware-01"), body: stale, what: "agent") } throws: { error in
            (error as? KepwareAPIFailure)?.kind == .badRequest && "\(error)".contains("PROJECT_ID")
        }
        let before = await fake.projectID()
        try await client.updateAgent("kepware-01", changes: KepwareAgentSettings.passwordUpdateBody(password: Secret("rotated"), projectID: nil))
        #expect(await fake.agent("kepware-01")?[KepwarePropertyKey.password] == .string("rotated"))
        #expect(await fake.projectID() != before)
        let put = await fake.requests().last { $0.method == "PUT" }
        #expect(put?.body?[KepwarePropertyKey.projectID] == .int(before))
        #expect(put?.body?[KepwarePropertyKey.forceUpdate] == nil)
        await client.shutdown()
        await fake.stop()
    }

    @Test func wrongPasswordIs401InWords() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.silent))
        let client = try await Self.client(fake, password: "wrong")
        await #expect { try await client.about() } throws: { error in
            (error as? KepwareAPIFailure)?.kind == .unauthorized && "\(error)".contains("User Manager")
        }
        await client.shutdown()
        await fake.stop()
    }

    @Test func anHTMLAnswerIsNotJSON() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.silent))
        await fake.answerHTMLOnce()
        let client = try await Self.client(fake)
        await #expect { try await client.about() } throws: { ($0 as? KepwareAPIFailure)?.kind == .notJSON }
        await client.shutdown()
        await fake.stop()
    }

    @Test func httpsTrustsTheConfirmedFingerprintOnly() async throws {
        let directory = try TemporaryDirectory()
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.silent), httpsIn: directory.path)
        let certificates = try #require(fake.certificates)
        let right = try certificates.fingerprint()
        let seen = try await CertificateFingerprint.fetch(host: "127.0.0.1", port: fake.port, timeoutSeconds: 3)
        #expect(seen.fingerprint == right)
        let good = try await Self.client(fake, trust: .fingerprint(right.lowercased().replacingOccurrences(of: ":", with: "")))
        #expect(try await good.about()["product_name"] == .string("KEPServerEX"))
        await good.shutdown()
        let byFile = try await Self.client(fake, trust: .certificateFile(certificates.certificateFile))
        #expect(try await byFile.projectID() > 0)
        await byFile.shutdown()
        let wrong = String(repeating: "AB:", count: 31) + "AB"
        await #expect { try await Self.client(fake, trust: .fingerprint(wrong)) } throws: { ($0 as? KepwareAPIFailure)?.kind == .fingerprintMismatch }
        await fake.stop()
        directory.remove()
    }

    @Test func noConnectedLineIsAFailureShowingTheAgentsWarnings() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.failed("connection refused by broker (not authorized)")))
        let client = try await Self.client(fake)
        let since = Date()
        await fake.appendLog(event: "Warning", message: "Unrelated device 'Boiler' is not responding")
        try await client.createAgent(Self.settings().configurationAPIBody(password: .revealed))
        let started = Date()
        let verdict = try await client.waitForConnected(agent: "kepware-01", url: nil, since: since, timeout: 1.5, pollInterval: 0.3)
        #expect(!verdict.connected)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(verdict.problems.count == 1)
        #expect(verdict.problems.first?.message.contains("not authorized") == true)
        await client.shutdown()
        await fake.stop()
    }

    @Test func missingIoTGatewayIsDetected() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: Self.users, runner: FixedAgentRunner(.silent))
        await fake.setIoTGatewayInstalled(false)
        let client = try await Self.client(fake)
        #expect(try await client.hasIoTGateway() == false)
        await client.shutdown()
        await fake.stop()
    }
}
