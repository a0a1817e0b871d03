import Foundation
import KepEdgeCore

/// Domain values the step tests share: a root CA, a served chain, probe reports.
enum StepFixtures {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    static func certificate(
        subject: String, issuer: String, names: [String] = [], isCA: Bool,
        daysValid: Int = 30, notBefore: Date = now.addingTimeInterval(-86_400)
    ) -> CertificateSummary {
        CertificateSummary(
            subject: subject, issuer: issuer, subjectAlternativeNames: names,
            notBefore: notBefore, notAfter: notBefore.addingTimeInterval(Double(daysValid) * 86_400),
            isCA: isCA,
            sha1Fingerprint: "AA:BB:\(subject.count)", sha256Fingerprint: "CC:DD:\(subject.count)")
    }

    static let rootCA = certificate(
        subject: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", issuer: "CN=Azure_IoT_Hub_CA_Cert_Test_Only",
        isCA: true, daysValid: 365)

    static let edgeHubLeaf = certificate(
        subject: "CN=gw01", issuer: "CN=gw01.ca", names: ["DNS:gw01", "DNS:edgeHub"], isCA: false)

    static func verifiedReport(host: String = "gw01", port: Int = 8883, caFile: String = "/certs/root.pem") -> TLSProbeReport {
        TLSProbeReport(
            request: TLSProbeRequest(host: host, port: port, caFile: caFile, timeoutSeconds: 5),
            connectedAddress: "10.0.0.10", verifyCode: 0, verifyText: "ok",
            protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384",
            servedChain: [edgeHubLeaf], connectMilliseconds: 1.5, handshakeMilliseconds: 4.2)
    }

    static func untrustedReport(host: String = "gw01", caFile: String = "/certs/root.pem") -> TLSProbeReport {
        TLSProbeReport(
            request: TLSProbeRequest(host: host, port: 8883, caFile: caFile, timeoutSeconds: 5),
            connectedAddress: "10.0.0.10", verifyCode: 20,
            verifyText: "unable to get local issuer certificate",
            servedChain: [edgeHubLeaf], connectMilliseconds: 1.5, failure: .verificationFailed)
    }
}
