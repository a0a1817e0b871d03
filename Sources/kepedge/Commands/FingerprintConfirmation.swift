import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Kepware's HTTPS certificate is self-signed: kepedge shows its SHA-256 fingerprint, subject and validity
/// and trusts it only when the engineer says yes at the terminal. Without a terminal (cron, pipes) it
/// refuses and names --kepware-fingerprint: verification is never turned off silently.
enum FingerprintConfirmation {
    /// The fingerprint the engineer accepted, or a failure line (exit 2 when refused or not asked).
    static func confirm(endpoint: KepwareEndpoint, mayAsk: Bool) async throws -> String {
        let seen: CertificateFingerprint.Seen
        do { seen = try await CertificateFingerprint.fetch(host: endpoint.host, port: endpoint.port, timeoutSeconds: 5) } catch {
            throw CLIFailure.checkFailed("could not read the certificate of \(endpoint.baseURL) (\(error)); check HTTPS is enabled in the Configuration API settings")
        }
        let rerun = "check it on the Kepware machine, then run again with --kepware-fingerprint \(seen.fingerprint) (or --kepware-ca FILE)"
        guard mayAsk, isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else {
            throw CLIFailure.input("Kepware's certificate at \(endpoint.baseURL) has SHA-256 fingerprint \(seen.fingerprint); \(rerun)")
        }
        FileHandle.standardError.write(Data(prompt(endpoint: endpoint, seen: seen).utf8))
        let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            throw CLIFailure.input("Kepware's certificate at \(endpoint.baseURL) was not trusted; \(rerun)")
        }
        return seen.fingerprint
    }

    static func prompt(endpoint: KepwareEndpoint, seen: CertificateFingerprint.Seen) -> String {
        var lines = ["Kepware's Configuration API at \(endpoint.baseURL) shows a certificate kepedge does not know:",
                     "  SHA-256 fingerprint: \(seen.fingerprint)"]
        if let summary = seen.summary {
            lines.append("  subject:  \(summary.subject)")
            lines.append("  issuer:   \(summary.issuer)")
            lines.append("  valid:    \(DurationWording.timestamp(summary.notBefore)) to \(DurationWording.timestamp(summary.notAfter))")
        }
        lines.append("Compare the fingerprint with Kepware's instance certificate on the Kepware machine.")
        return lines.joined(separator: "\n") + "\nTrust this certificate? [y/N] "
    }
}
