import Foundation
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// `kepedge tls` and `kepedge certs …` end to end through the built binary, against a real
/// mosquitto TLS listener serving a chain `kepedge certs generate` made.
@Suite(.serialized) struct TLSAndCertsCommandTests {
    /// RSA key generation is fast alone but can take many seconds on a machine busy with builds.
    static let keyGenerationTimeout = Duration.seconds(120)

    @Test func generateShowExportAndProbeEndToEnd() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let kepedge = try BinaryRunner()
        let out = folder.file("certs-localhost")

        let generated = try await kepedge.run(["certs", "generate", "--hostname", "localhost", "--out", out, "--days", "60"], timeout: Self.keyGenerationTimeout)
        #expect(generated.exitCode == 0, "\(generated.stderr)")
        let root = out + "/certs/azure-iot-test-only.root.ca.cert.pem"
        #expect(generated.stdout.contains(root))
        #expect(generated.stdout.contains("[edge_ca] cert = \"file://\(out)/certs/iot-edge-device-ca-localhost-full-chain.cert.pem\""))
        let keyMode = try FileManager.default.attributesOfItem(atPath: out + "/private/iot-edge-server-localhost.key.pem")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)

        // Never overwrites: a second run into the same folder is refused (exit 2), files untouched.
        let rootBefore = try Data(contentsOf: URL(fileURLWithPath: root))
        let again = try await kepedge.run(["certs", "generate", "--hostname", "localhost", "--out", out])
        #expect(again.exitCode == 2)
        #expect(again.stderrLines == ["kepedge: --out \(out): \(root) already exists; choose an empty folder (kepedge never overwrites certificates or keys)"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: root)) == rootBefore)

        let shown = try await kepedge.run(["certs", "show", root])
        #expect(shown.exitCode == 0, "\(shown.stderr)")
        let shownLines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(shownLines.first?.hasPrefix("ok       CA CN=Azure_IoT_Hub_CA_Cert_Test_Only: 5") == true, "\(shown.stdout)")
        #expect(shown.stdout.contains("SHA-256 "))
        #expect(shown.stdout.contains("\(root): 1 certificate (PEM)"))

        let shownJSON = try await kepedge.run(["certs", "show", out + "/certs/iot-edge-server-localhost-full-chain.cert.pem", "--json"])
        let shownObject = try #require(JSONSerialization.jsonObject(with: Data(shownJSON.stdout.utf8)) as? [String: Any])
        #expect((shownObject["certificates"] as? [Any])?.count == 4)

        let exportFolder = folder.file("for-kepware")
        try FileManager.default.createDirectory(atPath: exportFolder, withIntermediateDirectories: true)
        let exported = try await kepedge.run(["certs", "export", root, "--out", exportFolder])
        #expect(exported.exitCode == 0, "\(exported.stderr)")
        #expect(FileManager.default.fileExists(atPath: exportFolder + "/azure-iot-test-only.root.ca.cert.cer"))
        #expect(exported.stdout.contains(#"Import-Certificate -FilePath ".\azure-iot-test-only.root.ca.cert.cer" -CertStoreLocation Cert:\LocalMachine\Root"#))
        #expect(exported.stdout.contains(#"certutil -addstore Root "azure-iot-test-only.root.ca.cert.cer""#))
        let thumbprintLine = try #require(exported.stdout.split(separator: "\n").first { $0.hasPrefix("thumbprint:") })
        #expect(thumbprintLine.split(separator: " ").last?.count == 40)

        let broker = try MosquittoBroker(tls: .init(
            certificateChainFile: out + "/certs/iot-edge-server-localhost-full-chain.cert.pem",
            keyFile: out + "/private/iot-edge-server-localhost.key.pem"))
        defer { broker.shutDown() }
        try await broker.start(timeout: 20)

        let verified = try await kepedge.run(["tls", "--host", "localhost", "--port", "\(broker.port)", "--timeout", "15", "--ca", root])
        #expect(verified.exitCode == 0, "\(verified.stdout)\(verified.stderr)")
        let verifiedLines = verified.stdout.split(separator: "\n").map(String.init)
        #expect(verifiedLines.first == "ok       localhost:\(broker.port): the certificate chain verifies against the CA in \(root) and holds the name localhost")
        #expect(verified.stdout.contains("  verify return code 0 (ok)"))
        #expect(verified.stdout.contains("    0 CN=localhost"))

        // Without --ca, the root comes from the IoT Edge config's trust_bundle_cert (RootCALocator).
        let config = try folder.write("config.toml", "hostname = \"localhost\"\ntrust_bundle_cert = \"file://\(root)\"\n")
        let fromConfig = try await kepedge.run(["tls", "--host", "localhost", "--port", "\(broker.port)", "--timeout", "15", "--config", config])
        #expect(fromConfig.exitCode == 0, "\(fromConfig.stdout)\(fromConfig.stderr)")
        #expect(fromConfig.stdout.contains("evidence (CA: \(root), from trust_bundle_cert in \(config)):"))

        // The DER export works as a CA file too.
        let withDER = try await kepedge.run(["tls", "--host", "localhost", "--port", "\(broker.port)", "--timeout", "15", "--ca", exportFolder + "/azure-iot-test-only.root.ca.cert.cer", "--json"])
        #expect(withDER.exitCode == 0, "\(withDER.stdout)\(withDER.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(withDER.stdout.utf8)) as? [String: Any])
        #expect((report["report"] as? [String: Any])?["verifyCode"] as? Int == 0)

        // A chain whose server certificate expired (hidden --not-before/--not-after): its own root
        // is a wrong CA for the first server, and its server is an expired one.
        let expiredOut = folder.file("expired")
        let expiredGenerated = try await kepedge.run(
            ["certs", "generate", "--hostname", "localhost", "--out", expiredOut,
             "--not-before", "2020-01-01T00:00:00Z", "--not-after", "2020-01-31T00:00:00Z"],
            timeout: Self.keyGenerationTimeout)
        #expect(expiredGenerated.exitCode == 0, "\(expiredGenerated.stderr)")
        let otherRoot = expiredOut + "/certs/azure-iot-test-only.root.ca.cert.pem"

        let wrongCA = try await kepedge.run(["tls", "--host", "localhost", "--port", "\(broker.port)", "--timeout", "15", "--ca", otherRoot])
        #expect(wrongCA.exitCode == 1)
        #expect(wrongCA.stdout.hasPrefix("error    edgeHub's certificate chain does not lead to the CA in"))
        #expect(wrongCA.stdout.contains("verify code 19: self-signed certificate in certificate chain"))
        #expect(wrongCA.stdout.contains("         fix: "))
        #expect(wrongCA.stderrLines.last == "kepedge: TLS check of localhost:\(broker.port) failed; see the fix line above")

        let expiredBroker = try MosquittoBroker(tls: .init(
            certificateChainFile: expiredOut + "/certs/iot-edge-server-localhost-full-chain.cert.pem",
            keyFile: expiredOut + "/private/iot-edge-server-localhost.key.pem"))
        defer { expiredBroker.shutDown() }
        try await expiredBroker.start(timeout: 20)
        let expired = try await kepedge.run(["tls", "--host", "localhost", "--port", "\(expiredBroker.port)", "--timeout", "15", "--ca", otherRoot])
        #expect(expired.exitCode == 1)
        #expect(expired.stdout.hasPrefix("error    edgeHub's certificate expired on 2020-01-31 00:00 UTC"))
        #expect(expired.stdout.contains("certGen.sh certificates last 30 days"))
    }

    @Test func silentListenerAndClosedPortExitOneOnTime() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let start = ContinuousClock.now
        let silent = try await BinaryRunner().run(["tls", "--host", "127.0.0.1", "--port", "\(listener.port)", "--timeout", "1"])
        #expect(ContinuousClock.now - start < .seconds(8))
        #expect(silent.exitCode == 1)
        #expect(silent.stdout.hasPrefix("error    127.0.0.1:\(listener.port) accepted the connection but the TLS handshake did not finish within 1 s"))

        let closed = try LoopbackPort.free()
        let refused = try await BinaryRunner().run(["tls", "--host", "localhost", "--port", "\(closed)"])
        #expect(refused.exitCode == 1)
        #expect(refused.stdout.hasPrefix("error    localhost:\(closed) refused the connection"))
    }

    @Test func badInputExitsTwoWithOneLine() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let kepedge = try BinaryRunner()
        let garbage = try folder.write("garbage.pem", "hello\n")
        let cases: [([String], String)] = [
            (["tls", "--host", "gw01", "--port", "0"], "kepedge: --port 0: not a TCP port; give 1-65535 (edgeHub's MQTT port is 8883)"),
            (["tls", "--host", "gw01", "--timeout", "0"], "kepedge: --timeout 0.0: give seconds between 0.1 and 120"),
            (["tls", "--host", "gw 01"], "kepedge: --host 'gw 01': not a host name; give the gateway's name, e.g. --host gw01"),
            (["tls", "--host", "gw01", "--ca", folder.file("nope.pem")], "kepedge: --ca \(folder.file("nope.pem")): does not exist"),
            (["certs", "show", garbage], "kepedge: \(garbage): is neither a PEM certificate (no -----BEGIN CERTIFICATE----- line) nor a DER certificate"),
            (["certs", "export", garbage, "--out", folder.path], "kepedge: \(garbage): is neither a PEM certificate (no -----BEGIN CERTIFICATE----- line) nor a DER certificate"),
            (["certs", "generate", "--hostname", "../etc", "--out", folder.path], "kepedge: --hostname '../etc': give a host name of letters, digits, '.', '-' (at most 64 characters)"),
            (["certs", "generate", "--hostname", "gw01", "--out", folder.path, "--days", "0"], "kepedge: --days 0: give days between 1 and 3650"),
            (["certs", "generate", "--hostname", "gw01", "--out", folder.path, "--not-after", "tomorrow"], "kepedge: --not-after 'tomorrow': give an ISO 8601 UTC time, e.g. 2026-01-31T00:00:00Z"),
        ]
        for (arguments, message) in cases {
            let outcome = try await kepedge.run(arguments)
            #expect(outcome.exitCode == 2, "\(arguments)")
            #expect(outcome.stderrLines == [message], "\(arguments)")
            #expect(outcome.stdout.isEmpty, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/certs"))
    }
}
