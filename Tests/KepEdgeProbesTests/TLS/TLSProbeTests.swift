import Foundation
import KepEdgeProbes
import KepEdgeCore
@testable import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The TLS probe against real TLS listeners on loopback (mosquitto serving generated chains),
/// with OpenSSL's own `s_client -verify_return_error` as the reference for every verify code.
@Suite("TLS probe", .serialized)
struct TLSProbeTests {
    struct Scenario {
        let name: String
        let served: String
        let caFile: String?
        let expectedCode: Int
        /// A phrase the diagnosis headline must hold.
        let headline: String
    }

    @Test("every served chain gets the verify code s_client reports, and the matching verdict")
    func verdictsMatchOpenSSL() async throws {
        let chains = try await BlockingWork.run { try TLSTestChains() }
        let server = try TLSTestServer(served: [
            ("good", chains.good.serverFullChain, chains.good.serverKey),
            ("leaf only", chains.good.serverCertificate, chains.good.serverKey),
            ("wrong host", chains.wrongHost.serverFullChain, chains.wrongHost.serverKey),
            ("expired", chains.expired.serverFullChain, chains.expired.serverKey),
            ("not yet valid", chains.notYetValid.serverFullChain, chains.notYetValid.serverKey),
            ("self-signed", chains.selfSigned.certificate, chains.selfSigned.key),
        ])
        defer { server.broker.shutDown() }
        try await server.start()

        let scenarios = [
            Scenario(name: "verified", served: "good", caFile: chains.good.rootCertificate, expectedCode: 0, headline: "verifies against"),
            Scenario(name: "wrong CA", served: "good", caFile: chains.wrongHost.rootCertificate, expectedCode: 19, headline: "does not lead to"),
            Scenario(name: "system store", served: "good", caFile: nil, expectedCode: 19, headline: "does not lead to a root this machine trusts"),
            Scenario(name: "chain not served", served: "leaf only", caFile: chains.good.rootCertificate, expectedCode: 20, headline: "does not lead to"),
            Scenario(name: "hostname mismatch", served: "wrong host", caFile: chains.wrongHost.rootCertificate, expectedCode: 62, headline: "does not hold the name localhost"),
            Scenario(name: "expired", served: "expired", caFile: chains.expired.rootCertificate, expectedCode: 10, headline: "edgeHub's certificate expired on"),
            Scenario(name: "not yet valid", served: "not yet valid", caFile: chains.notYetValid.rootCertificate, expectedCode: 9, headline: "is not valid until"),
            Scenario(name: "self-signed", served: "self-signed", caFile: chains.good.rootCertificate, expectedCode: 18, headline: "self-signed"),
        ]
        for scenario in scenarios {
            let port = try #require(server.ports[scenario.served])
            let report = await TLSProbe().probe(TLSProbeRequest(host: TLSTestChains.hostname, port: port, caFile: scenario.caFile, timeoutSeconds: 15))
            let reference = try await OpenSSLClient.verify(
                connect: "127.0.0.1", port: port, hostname: TLSTestChains.hostname, caFile: scenario.caFile)
            let comment = Comment(rawValue: "\(scenario.name): \(report) / s_client: \(reference.output.suffix(600))")

            #expect(report.verifyCode == scenario.expectedCode, comment)
            #expect(report.verifyCode == reference.verifyCode, comment)
            #expect(report.verifyText != nil, comment)
            #expect(report.failure == (scenario.expectedCode == 0 ? nil : .verificationFailed), comment)
            #expect(!report.servedChain.isEmpty, comment)
            #expect(report.connectedAddress == "127.0.0.1", comment)

            let headline = try #require(TLSDiagnosis.checks(for: report, now: Date()).first)
            #expect(headline.status == (scenario.expectedCode == 0 ? .ok : .error), comment)
            #expect(headline.title.contains(scenario.headline), Comment(rawValue: "\(scenario.name): \(headline.title)"))
            if scenario.expectedCode != 0 { #expect(headline.fix != nil, comment) }
        }
    }

    @Test("a verified probe reports protocol, cipher, timings and the served chain as openssl sees it")
    func verifiedReportHoldsTheEvidence() async throws {
        let chains = try await BlockingWork.run { try TLSTestChains() }
        let server = try TLSTestServer(served: [("good", chains.good.serverFullChain, chains.good.serverKey)])
        defer { server.broker.shutDown() }
        try await server.start()

        // The root as DER: the probe loads it itself (s_client's -CAfile would not).
        let derFolder = try TemporaryDirectory()
        defer { derFolder.remove() }
        let export = try CertificateExporter.export(try CertificateFile.read(path: chains.good.rootCertificate), into: derFolder.path)

        for caFile in [chains.good.rootCertificate, export.cerFile] {
            let report = await TLSProbe().probe(TLSProbeRequest(host: "localhost", port: server.broker.port, caFile: caFile, timeoutSeconds: 15))
            #expect(report.isVerified, "\(caFile): \(report)")
            #expect(report.protocolVersion == "TLSv1.3")
            #expect(report.cipher?.hasPrefix("TLS_") == true)
            #expect((report.connectMilliseconds ?? -1) >= 0)
            #expect((report.handshakeMilliseconds ?? -1) > 0)
            try #require(report.servedChain.count == 4)
            let leaf = report.servedChain[0]
            #expect(leaf.subject == "CN=localhost")
            #expect(leaf.issuer == "CN=localhost.ca")
            #expect(leaf.subjectAlternativeNames == ["DNS:localhost", "DNS:edgeHub"])
            #expect(!leaf.isCA)
            #expect(report.servedChain[1].subject == "CN=localhost.ca" && report.servedChain[1].isCA)
            #expect(report.servedChain[3].subject == "CN=Azure_IoT_Hub_CA_Cert_Test_Only" && report.servedChain[3].isSelfIssued)

            let fingerprint = try await BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/openssl")).run(
                ["x509", "-in", chains.good.rootCertificate, "-noout", "-fingerprint", "-sha256"])
            #expect(fingerprint.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "sha256 Fingerprint=\(report.servedChain[3].sha256Fingerprint)")
        }
    }

    @Test("a listener that accepts and never answers ends in a handshake timeout, on time")
    func silentListenerTimesOut() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let start = ContinuousClock.now
        let report = await TLSProbe().probe(TLSProbeRequest(host: "127.0.0.1", port: listener.port, timeoutSeconds: 1))
        let elapsed = ContinuousClock.now - start
        #expect(report.failure == .handshakeTimedOut)
        #expect(report.verifyCode == nil)
        #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(3), "took \(elapsed)")
        let reference = try await OpenSSLClient.verify(connect: "127.0.0.1", port: listener.port, hostname: "127.0.0.1", caFile: nil, timeout: .milliseconds(1500))
        #expect(reference.timedOut && reference.verifyCode == nil)
        #expect(TLSDiagnosis.checks(for: report, now: Date()).first?.title.contains("did not finish within 1 s") == true)
    }

    @Test("cancelling the calling task ends a stalled handshake at once")
    func cancellationEndsTheProbe() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let start = ContinuousClock.now
        let task = Task { await TLSProbe().probe(TLSProbeRequest(host: "127.0.0.1", port: listener.port, timeoutSeconds: 30)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let report = await task.value
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(report.failure == .networkError(detail: "cancelled"))
    }

    @Test("a closed port is refused, like s_client sees it")
    func closedPortIsRefused() async throws {
        let port = try LoopbackPort.free()
        let report = await TLSProbe().probe(TLSProbeRequest(host: "localhost", port: port, timeoutSeconds: 2))
        #expect(report.failure == .connectionRefused)
        #expect(report.verifyCode == nil)
        let reference = try await OpenSSLClient.verify(connect: "127.0.0.1", port: port, hostname: "localhost", caFile: nil)
        #expect(reference.verifyCode == nil && reference.output.contains("errno=111"), "\(reference.output)")
    }

    @Test("a name that does not resolve is reported as such")
    func unresolvableName() async throws {
        let report = await TLSProbe().probe(TLSProbeRequest(host: "kepedge-no-such-host.invalid", port: 8883, timeoutSeconds: 3))
        guard case .nameDoesNotResolve = report.failure else {
            Issue.record("expected nameDoesNotResolve, got \(String(describing: report.failure))")
            return
        }
        let reference = try await OpenSSLClient.verify(connect: "kepedge-no-such-host.invalid", port: 8883, hostname: "kepedge-no-such-host.invalid", caFile: nil)
        #expect(reference.verifyCode == nil)
    }

    @Test("an unusable CA file is reported before any connection, naming the file")
    func unusableCAFile() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let empty = try folder.write("empty.pem", "")
        let report = await TLSProbe().probe(TLSProbeRequest(host: "localhost", port: 1, caFile: empty))
        #expect(report.failure == .caFileUnusable(detail: "\(empty): is empty; expected a PEM or DER certificate"))
        #expect(report.connectedAddress == nil)
    }
}
