import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeTestSupport
import Testing

/// `kepedge check` as a binary against the fake hub and the fake Kepware (read-only; the verdicts themselves
/// are tested in-process in `CheckRunAgainstFakesTests`): flags, sessions, skips, files, the end-to-end
/// path, and `agent push`'s fingerprint question with and without a terminal.
@Suite(.serialized)
struct CheckRegistryAndKepwareTests {
    static let ownerKey = Data((0..<32).map { UInt8($0 + 9) }).base64EncodedString()
    static let deviceKey = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let hubHost = "lab-hub.azure-devices.net"
    static let kepwarePassword = "plant-pass"

    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    /// The fakes, the secrets' files, and a PATH whose `iotedge` prints `edgeHubLines` for `logs --since 5m edgeHub`.
    struct Lab {
        let directory: TemporaryDirectory
        let hub: FakeIoTHub
        let kepware: FakeKepwareConfigAPI
        let fingerprint: String
        let ownerFile: String
        let passwordFile: String
        let binDirectory: String

        func stop() async {
            await hub.stop()
            await kepware.stop()
            directory.remove()
        }

        var kepwareFlags: [String] {
            ["--kepware-https", "--kepware-port", String(kepware.port), "--kepware-fingerprint", fingerprint]
        }

        func checkArguments(brokerLog: String? = nil) -> [String] {
            ["check", "--gateway", "gw.plant.local", "--hub", "lab-hub", "--device", "kepware-01", "--edge-device", "gw-01",
             "--hub-owner-file", ownerFile, "--registry-endpoint", "127.0.0.1:\(hub.port)", "--registry-ca", hub.caFile,
             "--kepware-password-file", passwordFile, "--output", "json", "--step-timeout", "20"]
                + kepwareFlags + (brokerLog.map { ["--broker-log", $0] } ?? [])
        }
    }

    static func lab(runner: any KepwareAgentRunner, edgeHubLines: [String]) async throws -> Lab {
        let directory = try TemporaryDirectory()
        let hub = try await FakeIoTHub.start(hubHost: hubHost, policies: ["iothubowner": .init(key: try SharedAccessKey(base64: ownerKey), registryWrite: true)],
                                             directory: directory.path)
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": kepwarePassword], runner: runner, httpsIn: directory.path)
        let bin = directory.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        // Only shell builtins: PATH holds nothing but this script.
        let script = "#!/bin/sh\n[ \"$*\" = \"logs --since 5m edgeHub\" ] || { echo \"unexpected arguments: $*\" >&2; exit 3; }\nprintf '%s\\n'"
            + edgeHubLines.map { " '\($0)'" }.joined() + "\n"
        let iotedge = try directory.write("bin/iotedge", script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: iotedge)
        return Lab(directory: directory, hub: hub, kepware: kepware, fingerprint: try #require(try kepware.certificates?.fingerprint()),
                   ownerFile: try directory.write("owner.txt", "HostName=\(hubHost);SharedAccessKeyName=iothubowner;SharedAccessKey=\(ownerKey)\n"),
                   passwordFile: try directory.write("kepware-password.txt", kepwarePassword + "\n"), binDirectory: bin)
    }

    /// Creates the agent through `kepedge agent push` (the way an engineer would have).
    func push(_ lab: Lab, gateway: String = "gw.plant.local", wait: String = "5") async throws {
        let push = try await runner.run(["agent", "push", "--gateway", gateway, "--hub", "lab-hub", "--device", "kepware-01",
                                         "--wait", wait, "--state-file", lab.directory.file("rotation.json")] + lab.kepwareFlags,
                                        environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": Self.kepwarePassword])
        #expect(push.exitCode == 0, "\(push.stdout)\(push.stderr)")
    }

    static func checks(_ stdout: String) throws -> [String: (status: String, details: [String], fix: String?)] {
        let object = try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], "\(stdout)")
        let list = try #require(object["checks"] as? [[String: Any]])
        var byID: [String: (status: String, details: [String], fix: String?)] = [:]
        for check in list {
            guard let id = check["id"] as? String, let status = check["status"] as? String else { continue }
            byID[id] = (status, check["details"] as? [String] ?? [], check["fix"] as? String)
        }
        return byID
    }

    @Test func aHealthySetUpPassesStepsThreeAndFiveWithoutChangingAnything() async throws {
        let lab = try await Self.lab(runner: FixedAgentRunner(.connected), edgeHubLines: [
            "<6> 2026-11-27 04:00:00.000 +00:00 [INF] - Client kepware-01 in device scope authenticated locally.",
            "<6> 2026-11-27 04:00:01.000 +00:00 [INF] - Client other-device in device scope not authenticated locally.",
        ])
        let edge = await lab.hub.addEdgeDevice("gw-01")
        await lab.hub.addDevice("kepware-01", scope: edge.deviceScope)
        try await push(lab)
        let kepwareRequestsBefore = await lab.kepware.requests().count
        let hubRequestsBefore = await lab.hub.requests().count

        let result = try await runner.run(lab.checkArguments(), environment: ["PATH": lab.binDirectory], timeout: .seconds(60))
        let hubRequests = await lab.hub.requests().dropFirst(hubRequestsBefore)
        let kepwareRequests = await lab.kepware.requests().dropFirst(kepwareRequestsBefore)
        await lab.stop()

        let checks = try Self.checks(result.stdout)
        for id in ["device-exists", "device-enabled", "device-parent", "edgehub-routes",
                   "kepware-api", "kepware-iot-gateway", "kepware-agent", "kepware-agent-settings", "kepware-agent-connected", "edgehub-log"] {
            #expect(checks[id]?.status == "ok", "\(id): \(String(describing: checks[id]))\n\(result.stdout)\(result.stderr)")
        }
        #expect(checks["kepware-agent-settings"]?.details.contains { $0.contains("password cannot be read back") } == true)
        #expect(checks["kepware-agent-connected"]?.details.first?.contains("is connected to broker") == true)
        // Read-only: only GETs reached the registry and Kepware.
        #expect(!hubRequests.isEmpty && hubRequests.allSatisfy { $0.method == "GET" }, "\(hubRequests.map(\.method))")
        #expect(!kepwareRequests.isEmpty && kepwareRequests.allSatisfy { $0.method == "GET" }, "\(kepwareRequests.map(\.method))")
        #expect(!result.stdout.contains(Self.ownerKey) && !result.stderr.contains(Self.ownerKey))
        #expect(!result.stdout.contains(Self.kepwarePassword) && !result.stderr.contains(Self.kepwarePassword))
    }

    @Test func aSessionGivesStepsThreeAndFiveTheirInputs() async throws {
        let lab = try await Self.lab(runner: FixedAgentRunner(.connected), edgeHubLines: [])
        let edge = await lab.hub.addEdgeDevice("gw-01")
        await lab.hub.addDevice("kepware-01", scope: edge.deviceScope)
        try await push(lab)
        var state = Wizard.State(now: Date())
        state.names.gatewayHost = "gw.plant.local"
        state.device.hubText = "lab-hub"
        state.device.deviceIDText = "kepware-01"
        state.device.edgeDeviceIDText = "gw-01"
        state.agent.kepwareURLText = "https://127.0.0.1:\(lab.kepware.port)"
        state.agent.kepwareFingerprintText = lab.fingerprint
        let session = try lab.directory.write("session.json", String(decoding: try SessionCodec.encode(WizardSession(state, savedAt: Date())), as: UTF8.self))
        let result = try await runner.run(["check", "--session", session, "--hub-owner-file", lab.ownerFile,
                                           "--registry-endpoint", "127.0.0.1:\(lab.hub.port)", "--registry-ca", lab.hub.caFile,
                                           "--kepware-password-file", lab.passwordFile, "--key", Self.deviceKey, "--output", "json", "--step-timeout", "20"],
                                          environment: ["PATH": lab.binDirectory], timeout: .seconds(60))
        await lab.stop()
        let checks = try Self.checks(result.stdout)
        for id in ["device-parent", "edgehub-routes", "kepware-agent", "kepware-agent-settings", "kepware-agent-connected", "edgehub-log"] {
            #expect(checks[id]?.status == "ok", "\(id): \(String(describing: checks[id]))\n\(result.stdout)\(result.stderr)")
        }
    }

    @Test func withoutCredentialsOrLogCommandsTheSkipsNameWhatToGive() async throws {
        let empty = try TemporaryDirectory()
        defer { empty.remove() }
        let result = try await runner.run(["check", "--gateway", "gw.plant.local", "--device", "kepware-01", "--step-timeout", "3"],
                                          environment: ["PATH": empty.path], timeout: .seconds(60))
        #expect(result.stdout.contains("skipped: no hub-owner connection string: give --hub-owner-file FILE"), "\(result.stdout)")
        #expect(result.stdout.contains("skipped: no Kepware password: give --kepware-password-file FILE"))
        #expect(result.stdout.contains("edgeHub's log could not be read: neither iotedge nor docker found"))
    }

    @Test func aMissingBrokerLogIsAnInputError() async throws {
        let result = try await runner.run(["check", "--gateway", "gw.plant.local", "--broker-log", "/nonexistent/mosquitto.log"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("--broker-log /nonexistent/mosquitto.log"))
    }

    // MARK: agent push's fingerprint question

    func pushArgumentsWithoutTrust(_ kepware: FakeKepwareConfigAPI, state: String) -> [String] {
        ["agent", "push", "--gateway", "gw.plant.local", "--hub", "lab-hub", "--device", "kepware-01", "--wait", "5",
         "--kepware-https", "--kepware-port", String(kepware.port), "--state-file", state]
    }

    @Test func withoutATerminalPushRefusesAndNamesTheFingerprintFlag() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword], runner: FixedAgentRunner(.connected), httpsIn: directory.path)
        let fingerprint = try #require(try kepware.certificates?.fingerprint())
        let result = try await runner.run(pushArgumentsWithoutTrust(kepware, state: directory.file("s.json")),
                                          environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": Self.kepwarePassword],
                                          stdin: Data("y\n".utf8))
        let agent = await kepware.agent("kepware-01")
        await kepware.stop()
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--kepware-fingerprint \(fingerprint)"))
        #expect(!result.stderr.contains("Trust this certificate"))
        #expect(agent == nil)
    }

    /// Through a pseudo-terminal (`script`): the question shows the fingerprint, subject and validity;
    /// "n" refuses with exit 2, "y" pushes.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func atATerminalPushAsksAndTrustsOnlyOnYes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword], runner: FixedAgentRunner(.connected), httpsIn: directory.path)
        let fingerprint = try #require(try kepware.certificates?.fingerprint())
        let command = ([runner.executable.path] + pushArgumentsWithoutTrust(kepware, state: directory.file("s.json")))
            .map { "'\($0)'" }.joined(separator: " ")
        let script = BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/script"))
        let environment = ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": Self.kepwarePassword]

        let refused = try await script.run(["-qec", command, "/dev/null"], environment: environment, stdin: Data("n\n".utf8), timeout: .seconds(30))
        #expect(refused.stdout.contains("Trust this certificate? [y/N]"), "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains(fingerprint))
        #expect(refused.stdout.contains("subject:") && refused.stdout.contains("valid:"))
        #expect(refused.stdout.contains("was not trusted") && refused.stdout.contains("--kepware-fingerprint"))
        #expect(refused.exitCode == 2)
        #expect(await kepware.agent("kepware-01") == nil)

        let accepted = try await script.run(["-qec", command, "/dev/null"], environment: environment, stdin: Data("yes\n".utf8), timeout: .seconds(30))
        let agent = await kepware.agent("kepware-01")
        await kepware.stop()
        #expect(accepted.exitCode == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("created"))
        #expect(agent != nil)
    }
}
