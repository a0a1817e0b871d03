import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeRuntime
import KepEdgeTestSupport
import Testing

/// `kepedge check` as a binary: once end to end against a real mosquitto TLS listener and the fake IoT Hub and
/// Kepware on loopback (a session and secret files in, exit code, the JSON schema, no secret printed), then the
/// CLI's own concerns (flags, input errors, exit codes, skips naming their flags, text output). The verdicts themselves are tested in-process in
/// `CheckRunAgainstBrokerTests` (steps 1, 2, 4, 6) and `CheckRunAgainstFakesTests` (steps 3 to 5).
@Suite(.serialized) struct CheckCommandTests {
    /// A made-up device key: it must never appear in what kepedge prints.
    static let deviceKey = "c2VjcmV0LWRldmljZS1rZXktZm9yLWNoZWNrLXRlc3Q="

    static let ownerKey = Data((0..<32).map { UInt8($0 + 9) }).base64EncodedString()
    static let hubHost = "lab-hub.azure-devices.net"
    static let kepwarePassword = "plant-pass"

    /// All six steps against a real TLS broker, the fake IoT Hub and the fake Kepware over HTTPS: a session
    /// (gateway, port, CA, hub, device, edge device, Kepware's URL and fingerprint, a 3-day token lifetime), the
    /// secrets from files, JSON out, and a `PATH` with neither iotedge nor docker on it.
    @Test func endToEndWithASessionPrintsTheDocumentedJSONAndExitsZero() async throws {
        let certificates = try TestCertificates()
        let folder = certificates.directory
        defer { folder.remove() }
        let broker = try MosquittoBroker(tls: certificates.brokerTLS)
        defer { broker.shutDown() }
        try await broker.start(timeout: 20)
        let hub = try await FakeIoTHub.start(hubHost: Self.hubHost, policies: ["iothubowner": .init(key: try SharedAccessKey(base64: Self.ownerKey), registryWrite: true)],
                                             directory: folder.path)
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword], runner: FixedAgentRunner(.connected), httpsIn: folder.path)
        let edge = await hub.addEdgeDevice("gw-01")
        await hub.addDevice("kepware01", scope: edge.deviceScope)
        var state = Wizard.State(now: Date())
        state.names.gatewayHost = "localhost"
        state.names.portText = "\(broker.port)"
        state.certificate.caPath = certificates.rootCAFile
        state.device.hubText = "lab-hub"
        state.device.deviceIDText = "kepware01"
        state.device.edgeDeviceIDText = "gw-01"
        state.sas.lifetimeText = "3d"
        state.agent.kepwareURLText = "https://127.0.0.1:\(kepware.port)"
        state.agent.kepwareFingerprintText = try #require(kepware.certificates).fingerprint()
        // The agent as the wizard pushed it for this session (its broker URL names the session's gateway and port).
        var configuration = WizardRuntimeConfiguration()
        configuration.environment = [:]
        configuration.agentConnectTimeout = 5
        let pusher = WizardDriver(state: state, configuration: configuration)
        pusher.send(.device(.credentialPasted(Secret(Self.deviceKey))))
        pusher.send(.sas(.generate(now: Date())))
        pusher.send(.agent(.kepwarePasswordChanged(Secret(Self.kepwarePassword))))
        #expect(await pusher.send(.agent(.push), awaiting: .agent, timeout: .seconds(30)))
        pusher.shutdown()
        let session = try folder.write("session.json", String(decoding: try SessionCodec.encode(WizardSession(state, savedAt: Date())), as: UTF8.self))
        let emptyPath = try TemporaryDirectory()
        defer { emptyPath.remove() }
        // IoT Hub's built-in endpoint (hub-arrival), with Kepware's messages arriving as edgeHub would forward them.
        // Its own folder: its CA files must not replace the registry's, written under the same names.
        let eventsFolder = try TemporaryDirectory()
        defer { eventsFolder.remove() }
        let events = try await LabIoTHubAMQPEndpoint.start(hubHost: Self.hubHost, policies: ["iothubowner": try SharedAccessKey(base64: Self.ownerKey)],
                                                           directory: eventsFolder.path)
        defer { events.stop() }
        let publisher = Task {
            while !Task.isCancelled {
                let stamp = Int64(Date().timeIntervalSince1970 * 1000)
                events.publish(deviceID: "kepware01", body: Data(#"{"timestamp":\#(stamp),"values":[{"id":"Channel1.Device1.Tag1","v":1,"q":true,"t":\#(stamp)}]}"#.utf8))
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        defer { publisher.cancel() }

        let result = try await BinaryRunner().run([
            "check", "--session", session, "--key-file", try folder.write("device.key", Self.deviceKey + "\n"),
            "--hub-owner-file", try folder.write("owner.txt", "HostName=\(Self.hubHost);SharedAccessKeyName=iothubowner;SharedAccessKey=\(Self.ownerKey)\n"),
            "--registry-endpoint", "127.0.0.1:\(hub.port)", "--registry-ca", hub.caFile,
            "--kepware-password-file", try folder.write("kepware-password.txt", Self.kepwarePassword + "\n"), "--output", "json",
            "--hub-events-endpoint", "127.0.0.1:\(events.port)", "--hub-events-ca", events.caFile, "--flow-seconds", "5",
        ], environment: ["PATH": emptyPath.path], timeout: .seconds(90))
        await hub.stop()
        await kepware.stop()

        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        // Warnings and skips are not failures: nothing on stderr.
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(Set(checks.compactMap { $0["step"] as? Int }) == Set(1...6))
        #expect(checks.allSatisfy { $0["id"] is String && $0["title"] is String && $0["status"] is String && $0["details"] is [Any] && $0.keys.contains("fix") })
        let documented = Set(CheckID.allCases.map(\.rawValue))
        #expect(checks.allSatisfy { documented.contains($0["id"] as? String ?? "") }, "\(result.stdout)")
        let summary = try #require(object["summary"] as? [String: Any])
        for (key, status) in [("ok", "ok"), ("warnings", "warning"), ("errors", "error"), ("skipped", "skipped")] {
            #expect(summary[key] as? Int == checks.filter { $0["status"] as? String == status }.count, "\(key)")
        }
        #expect(summary["errors"] as? Int == 0)

        func check(_ id: String) -> (status: String?, title: String, details: [String]) {
            let found = checks.first { $0["id"] as? String == id }
            return (found?["status"] as? String, found?["title"] as? String ?? "", found?["details"] as? [String] ?? [])
        }
        // The session and the files reached every step.
        #expect(checks.contains { $0["step"] as? Int == 1 && $0["status"] as? String == "ok" && ($0["title"] as? String ?? "").contains("localhost:\(broker.port)") })
        #expect(checks.contains { $0["step"] as? Int == 2 && $0["status"] as? String == "ok" })
        for id in ["device-exists", "device-parent", "edgehub-routes", "kepware-api", "kepware-agent", "kepware-agent-settings", "kepware-agent-connected"] {
            #expect(check(id).status == "ok", "\(id): \(check(id))\n\(result.stdout)")
        }
        #expect(check("sas-token").status == "warning" && check("sas-token").title.contains("SAS token for kepware01 on lab-hub.azure-devices.net"))
        // Kepware's agent holds the device's session: step 6 confirms the path by its event log, not a probe.
        #expect(check("validate-agent-evidence").status == "ok", "\(result.stdout)")
        #expect(check("hub-arrival").status == "ok" && check("hub-arrival").title.hasPrefix("messages from kepware01 arrive in IoT Hub within "),
                "\(check("hub-arrival"))")
        #expect(check("edgehub-log").details.contains { $0.contains("edgeHub's log could not be read: neither iotedge nor docker found") })
        for output in [result.stdout, result.stderr] {
            for secret in [Self.deviceKey, Self.ownerKey, Self.kepwarePassword, "SharedAccessSignature", "sig="] {
                #expect(!output.contains(secret), "\(secret)")
            }
        }
    }

    /// A token from `--token-file` that is for another device: the error line in the text output, exit 1 with
    /// one line on stderr, and the token never printed. A malformed token is an input error.
    @Test func aGivenTokenFileIsCheckedAndNeverPrinted() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let key = try SharedAccessKey(base64: Self.deviceKey)
        let soon = Int(Date().timeIntervalSince1970) + 2 * 86_400
        let other = SASToken.forDevice(hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "other"), key: key, expiry: soon)
        let tokenFile = try folder.write("token", other.value.revealed)
        let kepedge = try BinaryRunner()
        let result = try await kepedge.run(["check", "--config", try folder.write("config.toml", "hostname = \"\"\n"),
                                            "--hub", "myhub", "--device", "kepware01", "--token-file", tokenFile],
                                           environment: ["PATH": folder.path])
        #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").contains("error    SAS token is for other on myhub.azure-devices.net, not kepware01 on myhub.azure-devices.net"), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").last?.hasSuffix(" skipped") == true, "the summary line ends the text")
        #expect(result.stderrLines.count == 1)
        #expect(result.stderrLines.first?.hasPrefix("kepedge: ") == true)
        #expect(!result.stdout.contains(other.value.revealed) && !result.stderr.contains(other.value.revealed))

        let malformed = try await kepedge.run(["check", "--token-file", try folder.write("bad", "not a token")])
        #expect(malformed.exitCode == 2)
        #expect(malformed.stderrLines.count == 1)
        #expect(malformed.stderrLines.first?.hasPrefix("kepedge: --token-file ") == true, "\(malformed.stderr)")
    }

    /// A warning alone exits 0, the skips naming their flags; with --warnings-as-errors it exits 1 with one line on stderr.
    @Test func warningsAsErrorsTurnsAWarningIntoExitOne() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let arguments = ["check", "--config", try folder.write("config.toml", "hostname = \"\"\n"),
                         "--hub", "myhub", "--device", "kepware01", "--key", Self.deviceKey, "--lifetime", "2d"]
        let kepedge = try BinaryRunner()
        let plain = try await kepedge.run(arguments, environment: ["PATH": folder.path])
        #expect(plain.exitCode == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.split(separator: "\n").contains { $0.hasPrefix("warning ") && $0.contains("SAS token") && $0.contains("expires in") }, "\(plain.stdout)")
        // What was not given is skipped, naming the flag that gives it.
        #expect(plain.stdout.contains("skipped: no hub-owner connection string: give --hub-owner-file FILE or set KEPEDGE_HUB_OWNER_CONNECTION_STRING"))
        #expect(plain.stdout.contains("skipped: no Kepware password: give --kepware-password-file FILE"))
        #expect(plain.stdout.contains("edgeHub's log could not be read: neither iotedge nor docker found"))
        let strict = try await kepedge.run(arguments + ["--warnings-as-errors"], environment: ["PATH": folder.path])
        #expect(strict.exitCode == 1, "\(strict.stdout)\(strict.stderr)")
        #expect(strict.stderrLines.count == 1)
    }

    @Test func badFlagIsUsageError() async throws {
        let kepedge = try BinaryRunner()
        let result = try await kepedge.run(["check", "--port", "70000"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines == ["kepedge: --port 70000: not a TCP port; give 1-65535 (edgeHub's MQTT port is 8883)"])
        let missing = try await kepedge.run(["check", "--config", "/nonexistent/config.toml"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderrLines.count == 1)
    }

    @Test func aMissingBrokerLogIsAnInputError() async throws {
        let result = try await BinaryRunner().run(["check", "--gateway", "gw.plant.local", "--broker-log", "/nonexistent/mosquitto.log"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("--broker-log /nonexistent/mosquitto.log"))
    }
}
