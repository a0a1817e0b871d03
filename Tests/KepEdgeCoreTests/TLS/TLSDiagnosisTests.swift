import Foundation
import KepEdgeCore
import Testing

@Suite("TLS diagnosis")
struct TLSDiagnosisTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    static func certificate(
        _ subject: String, issuer: String, names: [String] = [], isCA: Bool = false,
        from: Double = -10, to: Double = 300, sha256: String = "AA:BB"
    ) -> CertificateSummary {
        CertificateSummary(
            subject: subject, issuer: issuer, subjectAlternativeNames: names,
            notBefore: now.addingTimeInterval(from * 86_400), notAfter: now.addingTimeInterval(to * 86_400),
            isCA: isCA, sha1Fingerprint: "0A:1B:2C", sha256Fingerprint: sha256)
    }

    static let leaf = certificate("CN=gw01", issuer: "CN=gw01.ca", names: ["DNS:gw01", "DNS:edgeHub"])
    static let servedRoot = certificate("CN=Azure_IoT_Hub_CA_Cert_Test_Only", issuer: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", isCA: true, sha256: "11:22")

    static func report(host: String = "gw01", code: Int?, failure: TLSFailure?, chain: [CertificateSummary] = [leaf, servedRoot]) -> TLSProbeReport {
        TLSProbeReport(
            request: TLSProbeRequest(host: host, port: 8883, caFile: "/var/secrets/root.pem", timeoutSeconds: 5),
            connectedAddress: "10.0.0.10", verifyCode: code, verifyText: code.map { "text \($0)" },
            protocolVersion: code == 0 ? "TLSv1.3" : nil, cipher: code == 0 ? "TLS_AES_256_GCM_SHA384" : nil,
            servedChain: code == nil ? [] : chain, failure: failure)
    }

    @Test("each network failure gets its own headline and fix")
    func networkFailures() throws {
        let cases: [(TLSFailure, String, String)] = [
            (.nameDoesNotResolve(detail: "Name or service not known"), "gw01 does not resolve (Name or service not known)", "hosts-file line"),
            (.connectionRefused, "gw01:8883 refused the connection: nothing listens there", "sudo iotedge list"),
            (.connectTimedOut, "no answer from gw01:8883 within 5 s", "firewall"),
            (.handshakeTimedOut, "gw01:8883 accepted the connection but the TLS handshake did not finish within 5 s", "ss -ltnp"),
            (.handshakeFailed(detail: "wrong version number"), "the TLS handshake with gw01:8883 failed: wrong version number", "not plain MQTT 1883"),
            (.caFileUnusable(detail: "/x.pem: is empty"), "cannot use the CA file: /x.pem: is empty", "trust_bundle_cert"),
        ]
        for (failure, title, fixPhrase) in cases {
            let checks = TLSDiagnosis.checks(for: Self.report(code: nil, failure: failure), now: Self.now)
            let headline = try #require(checks.first)
            #expect(checks.count == 1)
            #expect(headline.status == .error)
            #expect(headline.title == title)
            #expect(headline.fix?.contains(fixPhrase) == true, "\(failure): \(headline.fix ?? "")")
        }
    }

    @Test("verified: ok, with the negotiated protocol; the CA file's certificate is checked beside it")
    func verified() {
        let ca = Self.certificate("CN=Azure_IoT_Hub_CA_Cert_Test_Only", issuer: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", isCA: true)
        let checks = TLSDiagnosis.checks(for: Self.report(code: 0, failure: nil), caCertificates: [ca], now: Self.now)
        #expect(checks.map(\.status) == [.ok, .ok])
        #expect(checks[0].title == "gw01:8883: the certificate chain verifies against the CA in /var/secrets/root.pem and holds the name gw01")
        #expect(checks[0].details == ["TLSv1.3, TLS_AES_256_GCM_SHA384"])
        #expect(checks[1].title == "CA CN=Azure_IoT_Hub_CA_Cert_Test_Only: 300 days left")
    }

    @Test("a server certificate under 30 days left is a warning even when verified")
    func serverExpiringSoon() {
        let soon = Self.certificate("CN=gw01", issuer: "CN=gw01.ca", names: ["DNS:gw01"], to: 12)
        let checks = TLSDiagnosis.checks(for: Self.report(code: 0, failure: nil, chain: [soon]), now: Self.now)
        #expect(checks.map(\.status) == [.ok, .warning])
        #expect(checks[1].title.hasPrefix("edgeHub's certificate expires in 12 days"))
    }

    @Test("codes 19, 20 and 2: untrusted root, with the CA's fingerprint beside the chain's root")
    func untrustedRoot() throws {
        let ca = Self.certificate("CN=Azure_IoT_Hub_CA_Cert_Test_Only", issuer: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", isCA: true, sha256: "99:88")
        for code in [19, 20, 2] {
            let headline = try #require(TLSDiagnosis.checks(
                for: Self.report(code: code, failure: .verificationFailed), caCertificates: [ca], now: Self.now).first)
            #expect(headline.title == "edgeHub's certificate chain does not lead to the CA in /var/secrets/root.pem")
            #expect(headline.details.contains("verify code \(code): text \(code)"))
            #expect(headline.details.contains("  SHA-256 11:22"))
            #expect(headline.details.contains("  SHA-256 99:88"))
            #expect(headline.details.contains { $0.hasPrefix("same name, different certificate") })
            #expect(headline.fix?.contains("azure-iot-test-only.root.ca.cert.pem") == true)
        }
    }

    @Test("code 62: the names the certificate does hold, and the names the config gives it")
    func hostnameMismatch() throws {
        let report = Self.report(host: "gw01.plant.local", code: 62, failure: .verificationFailed)
        let headline = try #require(TLSDiagnosis.checks(for: report, expectedNames: ["gw01", "edgeHub"], now: Self.now).first)
        #expect(headline.status == .error)
        #expect(headline.title == "the server certificate holds gw01, not gw01.plant.local")
        #expect(headline.details.first == "verify code 62: text 62")
        #expect(headline.details.last == "the IoT Edge config gives edgeHub's certificate: gw01, edgeHub")
        #expect(headline.fix?.contains("Connect with gw01") == true)

        let other = Self.report(host: "10.0.0.10", code: 62, failure: .verificationFailed)
        let ipHeadline = try #require(TLSDiagnosis.checks(for: other, now: Self.now).first)
        #expect(ipHeadline.title == "the server certificate does not hold the address 10.0.0.10")
        #expect(ipHeadline.details.contains("the certificate holds: gw01, edgeHub"))
    }

    @Test("code 10 names the expired certificate and the 30-day certGen lifetime; code 9 points at the clocks")
    func validity() throws {
        let expired = Self.certificate("CN=gw01", issuer: "CN=gw01.ca", from: -40, to: -10)
        let expiredHeadline = try #require(TLSDiagnosis.checks(
            for: Self.report(code: 10, failure: .verificationFailed, chain: [expired, Self.servedRoot]), now: Self.now).first)
        #expect(expiredHeadline.title == "edgeHub's certificate expired on \(TLSDiagnosis.day(expired.notAfter))")
        #expect(expiredHeadline.fix?.contains("certGen.sh certificates last 30 days") == true)

        let future = Self.certificate("CN=gw01", issuer: "CN=gw01.ca", from: 2, to: 40)
        let futureHeadline = try #require(TLSDiagnosis.checks(
            for: Self.report(code: 9, failure: .verificationFailed, chain: [future]), now: Self.now).first)
        #expect(futureHeadline.title == "edgeHub's certificate is not valid until \(TLSDiagnosis.day(future.notBefore))")
        #expect(futureHeadline.fix?.contains("timedatectl set-ntp true") == true)
    }

    @Test("codes 18 and 21, and an unknown code, each get a fix")
    func otherCodes() throws {
        let titles = try [18, 21, 26].map { code in
            try #require(TLSDiagnosis.checks(for: Self.report(code: code, failure: .verificationFailed), now: Self.now).first)
        }
        #expect(titles[0].title == "the server's certificate is self-signed: no CA vouches for it")
        #expect(titles[1].title == "the server sent its certificate without the chain to the CA in /var/secrets/root.pem")
        #expect(titles[2].title == "edgeHub's certificate chain does not verify: text 26")
        #expect(titles.allSatisfy { $0.status == .error && $0.fix != nil })
    }

    @Test("the CA check: warns under 30 days, fails when expired or not yet valid, warns on a non-CA")
    func caCheck() {
        let days = { (to: Double) in
            TLSDiagnosis.caCertificateCheck(Self.certificate("CN=root", issuer: "CN=root", isCA: true, to: to), now: Self.now)
        }
        #expect(days(29.5).status == .warning)
        #expect(days(29.5).title == "CA CN=root expires in 29 days (\(TLSDiagnosis.day(Self.now.addingTimeInterval(29.5 * 86_400))))")
        #expect(days(31).status == .ok)
        #expect(days(-1).status == .error)
        let future = TLSDiagnosis.caCertificateCheck(Self.certificate("CN=root", issuer: "CN=root", isCA: true, from: 1), now: Self.now)
        #expect(future.status == .error && future.title.hasPrefix("CA CN=root is not valid until"))
        let leaf = TLSDiagnosis.caCertificateCheck(Self.leaf, now: Self.now)
        #expect(leaf.status == .warning && leaf.title == "CN=gw01 is not a CA certificate (no basicConstraints CA:TRUE)")
    }

    @Test("Windows import: uppercase thumbprint without separators and the two import lines")
    func windowsImport() {
        let windows = WindowsCertificateImport(fileName: "root.cer", sha1Fingerprint: "0a:1B:2c:FF")
        #expect(windows.thumbprint == "0A1B2CFF")
        #expect(windows.powerShellCommand == #"Import-Certificate -FilePath ".\root.cer" -CertStoreLocation Cert:\LocalMachine\Root"#)
        #expect(windows.certutilCommand == #"certutil -addstore Root "root.cer""#)
        #expect(windows.verifyCommand == #"Get-ChildItem Cert:\LocalMachine\Root\0A1B2CFF"#)
    }

    @Test("evidence lists timings, protocol, verify code and each certificate with fingerprints")
    func evidence() {
        var report = Self.report(code: 0, failure: nil)
        report.connectMilliseconds = 0.42
        report.handshakeMilliseconds = 12.6
        let lines = TLSEvidence.lines(for: report)
        #expect(lines[0] == "connected to 10.0.0.10, TCP 0.4 ms, handshake 13 ms")
        #expect(lines[1] == "negotiated TLSv1.3, TLS_AES_256_GCM_SHA384")
        #expect(lines[2] == "verify return code 0 (text 0)")
        #expect(lines.contains("  0 CN=gw01"))
        #expect(lines.contains("    names   DNS:gw01, DNS:edgeHub"))
        #expect(lines.contains("  1 CN=Azure_IoT_Hub_CA_Cert_Test_Only  (CA)"))
        #expect(lines.contains("    SHA-256 11:22"))
    }
}
