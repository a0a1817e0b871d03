import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

/// `kepedge check` end to end through the built binary, against a real mosquitto TLS listener on
/// loopback serving a chain for `localhost`.
@Suite(.serialized) struct CheckCommandTests {
    /// A made-up device key: it must never appear in what kepedge prints.
    static let deviceKey = "c2VjcmV0LWRldmljZS1rZXktZm9yLWNoZWNrLXRlc3Q="

    private func withBroker(_ body: (TestCertificates, MosquittoBroker) async throws -> Void) async throws {
        let certificates = try TestCertificates()
        defer { certificates.directory.remove() }
        let broker = try MosquittoBroker(tls: certificates.brokerTLS)
        defer { broker.shutDown() }
        try await broker.start(timeout: 20)
        try await body(certificates, broker)
    }

    private func arguments(_ broker: MosquittoBroker, ca: String, full: Bool) -> [String] {
        var arguments = ["check", "--gateway", "localhost", "--port", "\(broker.port)", "--ca", ca]
        if full { arguments += ["--hub", "myhub", "--device", "kepware01", "--key", Self.deviceKey] }
        return arguments
    }

    @Test func allInputsGivenRunsEveryCheckAndPublishes() async throws {
        try await withBroker { certificates, broker in
            let kepedge = try BinaryRunner()
            let result = try await kepedge.run(arguments(broker, ca: certificates.rootCAFile, full: true), timeout: .seconds(60))
            #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("localhost:\(broker.port)") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("SAS token for kepware01 on myhub.azure-devices.net") })
            #expect(lines.contains { $0.hasPrefix("skipped ") && $0.contains("device exists") })
            #expect(result.stdout.contains("skipped: no hub-owner connection string"))
            // Steps 3 and 5 lack credentials; this machine has no edgeHub whose log could be read.
            #expect(lines.last?.hasSuffix("0 errors, 3 skipped") == true, "\(result.stdout)")
            #expect(!result.stdout.contains(Self.deviceKey) && !result.stderr.contains(Self.deviceKey))
            #expect(!result.stdout.contains("sig="))
        }
    }

    @Test func jsonOutputParsesAndHoldsNoSecret() async throws {
        try await withBroker { certificates, broker in
            let kepedge = try BinaryRunner()
            let result = try await kepedge.run(arguments(broker, ca: certificates.rootCAFile, full: true) + ["--output", "json"], timeout: .seconds(60))
            #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
            let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let checks = try #require(object["checks"] as? [[String: Any]])
            #expect(Set(checks.compactMap { $0["step"] as? Int }) == Set(1...6))
            #expect(checks.allSatisfy { $0["id"] is String && $0["title"] is String && $0["status"] is String && $0["details"] is [Any] })
            let summary = try #require(object["summary"] as? [String: Any])
            #expect(summary["errors"] as? Int == 0)
            // The validation step connected as the device (CONNACK 0) and its test message was acknowledged.
            #expect(checks.contains { $0["step"] as? Int == 6 && $0["id"] as? String == "validate-puback" && $0["status"] as? String == "ok" }, "\(result.stdout)")
            #expect(checks.contains { $0["step"] as? Int == 2 && $0["status"] as? String == "ok" })
            #expect(summary["skipped"] as? Int == 3)
            #expect(!result.stdout.contains(Self.deviceKey))
            #expect(!result.stdout.contains("SharedAccessSignature"))
        }
    }

    @Test func wrongCAIsAnErrorWithItsFix() async throws {
        try await withBroker { certificates, broker in
            let kepedge = try BinaryRunner()
            let result = try await kepedge.run(arguments(broker, ca: certificates.unrelatedRootCAFile, full: false), timeout: .seconds(60))
            #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("error ") == true, "\(result.stdout)")
            #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("fix: ") })
            #expect(result.stderrLines.count == 1)
            #expect(result.stderrLines.first?.hasPrefix("kepedge: ") == true)
        }
    }

    @Test func missingInputsAreSkippedWithTheReason() async throws {
        try await withBroker { certificates, broker in
            let kepedge = try BinaryRunner()
            let result = try await kepedge.run(arguments(broker, ca: certificates.rootCAFile, full: false), timeout: .seconds(60))
            #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
            let skipped = result.stdout.split(separator: "\n").filter { $0.hasPrefix("skipped ") }
            // Five steps' checks, and edgeHub's counters (no device id to count for).
            #expect(skipped.count == 6, "\(result.stdout)")
            #expect(result.stdout.contains("skipped: No hub and device yet"))
            #expect(result.stdout.contains("skipped: no device id: give --device ID or --session FILE"), "\(result.stdout)")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func tokenExpiringSoonWarnsAndWarningsAsErrorsFails() async throws {
        try await withBroker { certificates, broker in
            let kepedge = try BinaryRunner()
            let short = arguments(broker, ca: certificates.rootCAFile, full: true) + ["--lifetime", "2d"]
            let plain = try await kepedge.run(short, timeout: .seconds(60))
            #expect(plain.exitCode == 0, "\(plain.stdout)\(plain.stderr)")
            #expect(plain.stdout.split(separator: "\n").contains { $0.hasPrefix("warning ") && $0.contains("SAS token") && $0.contains("expires in") }, "\(plain.stdout)")
            let strict = try await kepedge.run(short + ["--warnings-as-errors"], timeout: .seconds(60))
            #expect(strict.exitCode == 1, "\(strict.stdout)\(strict.stderr)")
            #expect(strict.stderrLines.count == 1)
        }
    }

    @Test func givenTokenIsCheckedForItsDeviceAndExpiryAndNeverPrinted() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let key = try SharedAccessKey(base64: Self.deviceKey)
        let soon = Int(Date().timeIntervalSince1970) + 2 * 86_400
        let other = SASToken.forDevice(hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "other"), key: key, expiry: soon)
        let tokenFile = try folder.write("token", other.value.revealed)
        let kepedge = try BinaryRunner()
        let result = try await kepedge.run(["check", "--config", try folder.write("config.toml", "hostname = \"\"\n"),
                                            "--hub", "myhub", "--device", "kepware01", "--token-file", tokenFile])
        #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("error    SAS token is for other on myhub.azure-devices.net, not kepware01 on myhub.azure-devices.net"), "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("warning  SAS token for other on myhub.azure-devices.net expires in 1 day") })
        #expect(!result.stdout.contains(other.value.revealed) && !result.stderr.contains(other.value.revealed))

        let malformed = try await kepedge.run(["check", "--token-file", try folder.write("bad", "not a token")])
        #expect(malformed.exitCode == 2)
        #expect(malformed.stderrLines.count == 1)
        #expect(malformed.stderrLines.first?.hasPrefix("kepedge: --token-file ") == true, "\(malformed.stderr)")
    }

    @Test func sessionFileGivesTheInputs() async throws {
        try await withBroker { certificates, broker in
            var state = Wizard.State(now: Date())
            state.names.gatewayHost = "localhost"
            state.names.portText = "\(broker.port)"
            state.certificate.caPath = certificates.rootCAFile
            state.device.hubText = "myhub"
            state.device.deviceIDText = "kepware01"
            state.sas.lifetimeText = "3d"
            let session = try certificates.directory.write("session.json", String(decoding: try SessionCodec.encode(WizardSession(state, savedAt: Date())), as: UTF8.self))
            let kepedge = try BinaryRunner()
            let result = try await kepedge.run(["check", "--session", session, "--key", Self.deviceKey], timeout: .seconds(60))
            #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("localhost:\(broker.port)") }, "\(result.stdout)")
            // The session's 3-day lifetime is used: the token is inside the 7-day warning window.
            #expect(lines.contains { $0.hasPrefix("warning ") && $0.contains("SAS token for kepware01 on myhub.azure-devices.net") })
            #expect(lines.contains { $0.hasPrefix("ok ") && $0.contains("PUBACK") })
        }
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
}
