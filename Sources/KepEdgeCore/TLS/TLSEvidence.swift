import Foundation

/// The evidence under a TLS verdict, as text lines: where it connected, how fast, what it
/// negotiated, and the chain the server sent with fingerprints.
public enum TLSEvidence {
    public static func lines(for report: TLSProbeReport) -> [String] {
        var lines: [String] = []
        var timing: [String] = []
        if let address = report.connectedAddress { timing.append("connected to \(address)") }
        if let connect = report.connectMilliseconds { timing.append("TCP \(milliseconds(connect))") }
        if let handshake = report.handshakeMilliseconds { timing.append("handshake \(milliseconds(handshake))") }
        if !timing.isEmpty { lines.append(timing.joined(separator: ", ")) }
        let negotiated = [report.protocolVersion, report.cipher].compactMap { $0 }
        if !negotiated.isEmpty { lines.append("negotiated " + negotiated.joined(separator: ", ")) }
        if let code = report.verifyCode {
            lines.append("verify return code \(code) (\(report.verifyText ?? "unknown"))")
        }
        if !report.servedChain.isEmpty {
            lines.append("chain served (leaf first):")
            for (depth, certificate) in report.servedChain.enumerated() {
                lines.append(contentsOf: certificateLines(certificate, label: "\(depth)").map { "  " + $0 })
            }
        }
        return lines
    }

    /// One certificate: subject, issuer, names, validity, CA flag, fingerprints.
    public static func certificateLines(_ certificate: CertificateSummary, label: String) -> [String] {
        let pad = String(repeating: " ", count: label.count + 1)
        var lines = ["\(label) \(certificate.subject)\(certificate.isCA ? "  (CA)" : "")"]
        lines.append(pad + "issuer  \(certificate.issuer)")
        if !certificate.subjectAlternativeNames.isEmpty {
            lines.append(pad + "names   \(certificate.subjectAlternativeNames.joined(separator: ", "))")
        }
        lines.append(pad + "valid   \(TLSDiagnosis.day(certificate.notBefore)) to \(TLSDiagnosis.day(certificate.notAfter))")
        lines.append(pad + "SHA-1   \(certificate.sha1Fingerprint)")
        lines.append(pad + "SHA-256 \(certificate.sha256Fingerprint)")
        return lines
    }

    static func milliseconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f ms", value) : "\(Int(value.rounded())) ms"
    }
}
