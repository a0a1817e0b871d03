/// One line saying why a TLS probe did not verify, for the step bar and the connection pane.
/// (The full explanation and fix come from the TLS diagnosis.)
enum TLSFailureHeadline {
    static func headline(for report: TLSProbeReport) -> String {
        let endpoint = "\(report.request.host):\(report.request.port)"
        switch report.failure {
        case .none:
            if let code = report.verifyCode, code != 0 {
                return "verify error \(code): \(report.verifyText ?? "unknown")"
            }
            return "verified"
        case .nameDoesNotResolve: return "\(report.request.host) does not resolve"
        case .connectionRefused: return "\(endpoint) refused the connection"
        case .connectTimedOut: return "no answer from \(endpoint) (connect timed out)"
        case .handshakeTimedOut: return "\(endpoint) accepted but never completed the TLS handshake"
        case .caFileUnusable(let detail): return "root CA file unusable: \(detail)"
        case .handshakeFailed(let detail): return "TLS handshake failed: \(detail)"
        case .verificationFailed:
            return "verify error \(report.verifyCode ?? -1): \(report.verifyText ?? "certificate did not verify")"
        case .networkError(let detail): return "network error: \(detail)"
        }
    }
}
