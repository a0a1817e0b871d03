import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

/// `kepedge check` as a binary: once end to end against a real mosquitto TLS listener on loopback (exit
/// code, the JSON schema, the skips naming their flags, no secret printed), then the CLI's own concerns
/// (flags, input errors, exit codes, text output). The verdicts themselves are tested in-process in
/// `CheckRunAgainstBrokerTests` (steps 1, 2, 4, 6) and `CheckRunAgainstFakesTests` (steps 3 to 5).
@Suite(.serialized) struct CheckCommandTests {
    /// A made-up device key: it must never appear in what kepedge prints.
    static let deviceKey = "c2VjcmV0LWRldmljZS1rZXktZm9yLWNoZWNrLXRlc3Q="

    /// A session (gateway, port, CA, hub, device, a 3-day token lifetime), the key from a file, JSON out, and a
    /// `PATH` with neither iotedge nor docker on it.
    @Test func endToEndWithASessionPrintsTheDocumentedJSONAndExitsZero() async throws {
        let certificates = try TestCertificates()
        defer { certificates.directory.remove() }
        let broker = try MosquittoBroker(tls: certificates.brokerTLS)
        defer { broker.shutDown() }
        try await broker.start(timeout: 20)
        var state = Wizard.State(now: Date())
        state.names.gatewayHost = "localhost"
        state.names.portText = "\(broker.port)"
        state.certificate.caPath = certificates.rootCAFile
        state.device.hubText = "myhub"
        state.device.deviceIDText = "kepware01"
        state.sas.lifetimeText = "3d"
        let session = try certificates.directory.write("session.json", String(decoding: try SessionCodec.encode(WizardSession(state, savedAt: Date())), as: UTF8.self))
        let emptyPath = try TemporaryDirectory()
        defer { emptyPath.remove() }

        let keyFile = try certificates.directory.write("device.key", Self.deviceKey + "\n")
        let result = try await BinaryRunner().run(["check", "--session", session, "--key-file", keyFile, "--output", "json"],
                                                  environment: ["PATH": emptyPath.path], timeout: .seconds(90))
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
        // The session's inputs reached steps 1, 2, 4 and 6; the device key reached step 4 and the probe.
        #expect(checks.contains { $0["step"] as? Int == 1 && $0["status"] as? String == "ok" && ($0["title"] as? String ?? "").contains("localhost:\(broker.port)") })
        #expect(checks.contains { $0["step"] as? Int == 2 && $0["status"] as? String == "ok" })
        #expect(check("sas-token").status == "warning" && check("sas-token").title.contains("SAS token for kepware01 on myhub.azure-devices.net"))
        #expect(check("validate-puback").status == "ok", "\(result.stdout)")
        // What was not given is skipped, naming the flag that gives it.
        #expect(check("device-registry").details.contains("skipped: no hub-owner connection string: give --hub-owner-file FILE or set KEPEDGE_HUB_OWNER_CONNECTION_STRING"))
        #expect(check("agent").details.contains { $0.hasPrefix("skipped: no Kepware password: give --kepware-password-file FILE") })
        #expect(check("edgehub-log").details.contains { $0.contains("edgeHub's log could not be read: neither iotedge nor docker found") })
        for output in [result.stdout, result.stderr] {
            #expect(!output.contains(Self.deviceKey))
            #expect(!output.contains("SharedAccessSignature") && !output.contains("sig="))
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

    /// A warning alone exits 0; with --warnings-as-errors it exits 1 with one line on stderr.
    @Test func warningsAsErrorsTurnsAWarningIntoExitOne() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let arguments = ["check", "--config", try folder.write("config.toml", "hostname = \"\"\n"),
                         "--hub", "myhub", "--device", "kepware01", "--key", Self.deviceKey, "--lifetime", "2d"]
        let kepedge = try BinaryRunner()
        let plain = try await kepedge.run(arguments, environment: ["PATH": folder.path])
        #expect(plain.exitCode == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.split(separator: "\n").contains { $0.hasPrefix("warning ") && $0.contains("SAS token") && $0.contains("expires in") }, "\(plain.stdout)")
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
