import Foundation
import KepEdgeCore
@testable import KepEdgeProbes
import KepEdgeTestSupport
import Testing

@Suite("certificate files, export and generation")
struct CertificateFileTests {
    /// A chain in `folder`. Tests that only read files use 1024-bit keys (generation is ~8x faster);
    /// the test of the generator itself uses the real 2048.
    static func makeChain(_ folder: TemporaryDirectory, keyBits: Int32 = 1024) async throws -> CertificateChainGenerator.GeneratedChain {
        let path = folder.file("chain")
        return try await BlockingWork.run {
            try CertificateChainGenerator.generate(
                .init(hostname: "gw01.plant.local", deviceCAName: "gw01", keyBits: keyBits), into: path)
        }
    }

    static func openssl(_ arguments: [String]) async throws -> BinaryRunner.Result {
        try await BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/openssl")).run(arguments)
    }

    @Test("the generated chain has certGen.sh's files, modes, names and extensions, and openssl verifies it")
    func generatedChain() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let chain = try await Self.makeChain(folder, keyBits: 2048)
        let base = folder.file("chain")
        #expect(chain.rootCertificate == base + "/certs/azure-iot-test-only.root.ca.cert.pem")
        #expect(chain.deviceCAFullChain == base + "/certs/iot-edge-device-ca-gw01-full-chain.cert.pem")
        #expect(chain.deviceCAKey == base + "/private/iot-edge-device-ca-gw01.key.pem")
        #expect(chain.serverFullChain == base + "/certs/iot-edge-server-gw01.plant.local-full-chain.cert.pem")
        for key in [chain.rootKey, chain.intermediateKey, chain.deviceCAKey, chain.serverKey] {
            let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(key)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/private").allSatisfy { !$0.hasSuffix(".tmp") })

        let verify = try await Self.openssl([
            "verify", "-CAfile", chain.rootCertificate, "-untrusted", chain.intermediateCertificate,
            "-untrusted", chain.deviceCACertificate, "-purpose", "sslserver", "-verify_hostname", "gw01.plant.local",
            chain.serverCertificate])
        #expect(verify.exitCode == 0, "\(verify.stdout) \(verify.stderr)")
        let text = try await Self.openssl(["x509", "-in", chain.serverCertificate, "-noout", "-text"]).stdout
        #expect(text.contains("DNS:gw01.plant.local, DNS:edgeHub"))
        #expect(text.contains("TLS Web Server Authentication"))
        #expect(text.contains("sha256WithRSAEncryption"))
        #expect(text.contains("Public-Key: (2048 bit)"))
        #expect(text.contains("Issuer: CN = gw01.ca"))

        let fullChain = try CertificateFile.read(path: chain.serverFullChain)
        #expect(fullChain.summaries.map(\.subject) == [
            "CN=gw01.plant.local", "CN=gw01.ca", "CN=Azure_IoT_Hub_Intermediate_Cert_Test_Only", "CN=Azure_IoT_Hub_CA_Cert_Test_Only"])
        let keyCheck = try await Self.openssl(["pkey", "-in", chain.deviceCAKey, "-noout"])
        #expect(keyCheck.exitCode == 0)
        // 30 days by default, like certGen.sh.
        let root = try #require(CertificateFile.read(path: chain.rootCertificate).summaries.first)
        #expect(root.isCA && root.isSelfIssued)
        #expect(abs(root.notAfter.timeIntervalSince(root.notBefore) - (30 * 86_400 + 60)) < 5)
    }

    @Test("export writes DER that openssl reads, with the SHA-1 thumbprint Windows shows and both import lines")
    func exportForWindows() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let chain = try await Self.makeChain(folder)
        let out = try TemporaryDirectory()
        defer { out.remove() }

        // From the full chain, the root is chosen.
        let export = try CertificateExporter.export(try CertificateFile.read(path: chain.deviceCAFullChain), into: out.path)
        #expect(export.position == 3)
        #expect(export.cerFile == out.path + "/iot-edge-device-ca-gw01-full-chain.cert.cer")
        let expectedDER = try await Self.openssl(["x509", "-in", chain.rootCertificate, "-outform", "DER", "-out", out.file("reference.der")])
        #expect(expectedDER.exitCode == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: export.cerFile)) == Data(contentsOf: URL(fileURLWithPath: out.file("reference.der"))))

        let sha1 = try await Self.openssl(["x509", "-in", export.cerFile, "-inform", "DER", "-noout", "-fingerprint", "-sha1"]).stdout
        let thumbprint = sha1.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "sha1 Fingerprint=", with: "")
            .replacingOccurrences(of: ":", with: "")
        #expect(export.windowsImport.thumbprint == thumbprint)
        #expect(export.windowsImport.thumbprint.count == 40)
        #expect(export.windowsImport.powerShellCommand
            == #"Import-Certificate -FilePath ".\iot-edge-device-ca-gw01-full-chain.cert.cer" -CertStoreLocation Cert:\LocalMachine\Root"#)
        #expect(export.windowsImport.certutilCommand == #"certutil -addstore Root "iot-edge-device-ca-gw01-full-chain.cert.cer""#)

        // The DER file reads back as one DER certificate.
        let reread = try CertificateFile.read(path: export.cerFile)
        #expect(reread.encoding == .der && reread.summaries == [export.certificate])
    }

    @Test("export refuses a chain without a root and a folder that does not exist, writing nothing")
    func exportRefusals() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let chain = try await Self.makeChain(folder)
        let noRoot = try folder.write("no-root.pem", try String(contentsOfFile: chain.serverCertificate, encoding: .utf8)
            + String(contentsOfFile: chain.deviceCACertificate, encoding: .utf8))
        #expect(throws: CertificateExporter.ExportError.self) {
            try CertificateExporter.export(try CertificateFile.read(path: noRoot), into: folder.path)
        }
        let missing = folder.file("not-there")
        #expect(throws: CertificateExporter.ExportError.self) {
            try CertificateExporter.export(try CertificateFile.read(path: chain.rootCertificate), into: missing)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(!FileManager.default.fileExists(atPath: folder.file("no-root.cer")))
    }

    @Test("malformed, empty, binary, key-only and missing files give an error naming the file")
    func malformedFiles() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let chain = try await Self.makeChain(folder)
        let good = try String(contentsOfFile: chain.rootCertificate, encoding: .utf8)
        var lines = good.split(separator: "\n").map(String.init)
        lines[5] = "!!!! not base64 !!!!"
        let cases: [(String, Data, String)] = [
            ("empty.pem", Data(), "is empty"),
            ("binary.bin", Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7919) }), "neither a PEM certificate"),
            ("broken.pem", Data(lines.joined(separator: "\n").utf8), "certificate 1 of 1 is malformed"),
            ("second-broken.pem", Data((good + lines.joined(separator: "\n")).utf8), "certificate 2 of 2 is malformed"),
            ("truncated.der", Data(try Data(contentsOf: URL(fileURLWithPath: chain.rootCertificate)).prefix(0)), "is empty"),
            ("key.pem", try Data(contentsOf: URL(fileURLWithPath: chain.rootKey)), "holds no certificate (it holds PRIVATE KEY)"),
        ]
        for (name, data, problem) in cases {
            let path = try folder.write(name, data)
            do {
                _ = try CertificateFile.read(path: path)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.path == path)
                #expect(error.description.hasPrefix(path + ": "))
                #expect(error.problem.contains(problem), "\(name): \(error.problem)")
            }
        }
        // DER with a byte cut off, and DER with trailing bytes.
        let der = try CertificateFile.read(path: chain.rootCertificate).derCertificates[0]
        for (name, data) in [("cut.der", der.dropLast()), ("trailing.der", der + Data([0, 1, 2]))] {
            let path = try folder.write(name, Data(data))
            #expect(throws: CertificateFileError.self, "\(name)") { try CertificateFile.read(path: path) }
        }
        #expect(throws: CertificateFileError(path: folder.file("missing.pem"), problem: "does not exist")) {
            try CertificateFile.read(path: folder.file("missing.pem"))
        }
        #expect(throws: CertificateFileError(path: folder.path, problem: "is a directory, not a certificate file")) {
            try CertificateFile.read(path: folder.path)
        }
    }

    @Test("a PEM bundle with text between blocks and a DER file both read")
    func pemBundleAndDER() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let chain = try await Self.makeChain(folder)
        let bundle = "Bag Attributes: none\n" + (try String(contentsOfFile: chain.rootCertificate, encoding: .utf8))
            + "\n# intermediate\n" + (try String(contentsOfFile: chain.intermediateCertificate, encoding: .utf8))
        let file = try CertificateFile.read(path: try folder.write("bundle.pem", bundle))
        #expect(file.encoding == .pem && file.summaries.count == 2)
        #expect(file.rootCandidateIndex == 0)
        let der = try folder.write("root.der", file.derCertificates[0])
        #expect(try CertificateFile.read(path: der).summaries == [file.summaries[0]])

        // As Notepad on the Kepware host saves it: byte-order mark and CRLF line ends (OpenSSL 3 reads both).
        let rootText = try String(contentsOfFile: chain.rootCertificate, encoding: .utf8)
        let windowsText = rootText.replacingOccurrences(of: "\n", with: "\r\n")
        let windows = try folder.write("windows.pem", Data([0xEF, 0xBB, 0xBF]) + Data(windowsText.utf8))
        #expect(try CertificateFile.read(path: windows).summaries == [file.summaries[0]])
    }
}
