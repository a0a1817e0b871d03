import COpenSSL
import Foundation
import KepEdgeCore
#if canImport(Glibc)
import Glibc
#endif

/// Connects to a TLS server the way `openssl s_client -connect host:port -servername host
/// -verify_hostname host -CAfile ca -verify_return_error` does, and reports what happened.
///
/// Network conditions are never thrown: a name that does not resolve, a refused or silent port,
/// a handshake that stalls or fails, or a chain that does not verify all come back in the report.
public struct TLSProbe: Sendable {
    public init() {}

    /// Probes `request.host:request.port`. Resolution, connect and handshake each get
    /// `request.timeoutSeconds`; the blocking work runs on its own thread, and cancelling the
    /// calling task ends it within about 50 ms.
    public func probe(_ request: TLSProbeRequest) async -> TLSProbeReport {
        var report = TLSProbeReport(request: request)
        guard (1...65535).contains(request.port) else {
            report.failure = .networkError(detail: "port \(request.port) is out of range (1-65535)")
            return report
        }
        let trust: TrustAnchors
        do {
            trust = try TrustAnchors.load(caFile: request.caFile)
        } catch {
            report.failure = .caFileUnusable(detail: error.description)
            return report
        }

        let timeout = Duration.milliseconds(Int((request.timeoutSeconds * 1000).rounded()))
        let resolution = await Resolver.resolve(request.host, timeout: timeout)
        guard resolution.resolved else {
            report.failure = .nameDoesNotResolve(detail: resolution.error ?? "no addresses")
            return report
        }
        if Task.isCancelled {
            report.failure = .networkError(detail: "cancelled")
            return report
        }

        let cancellation = CancellationFlag()
        let once = ResumeOnce<TLSProbeReport>()
        let addresses = resolution.addresses
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                once.set(continuation)
                let thread = Thread {
                    once.resume(TLSHandshake.run(
                        request: request, addresses: addresses, trust: trust, cancellation: cancellation))
                }
                thread.name = "kepedge-tls-probe"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}

/// The certificates a probe trusts: those of a CA file (PEM or DER), or the system store.
struct TrustAnchors: @unchecked Sendable {
    /// Empty means the system store.
    let certificates: [OpenSSLCertificate]

    static func load(caFile: String?) throws(CertificateFileError) -> TrustAnchors {
        guard let caFile else { return TrustAnchors(certificates: []) }
        let data = try CertificateFile.readBytes(path: caFile)
        return TrustAnchors(certificates: try CertificateFile.parse(data, path: caFile))
    }

    /// Loads the anchors into `context`'s store (DER files included, which
    /// SSL_CTX_load_verify_file would refuse).
    func install(in context: OpaquePointer) -> Bool {
        if certificates.isEmpty {
            return SSL_CTX_set_default_verify_paths(context) == 1
        }
        guard let store = SSL_CTX_get_cert_store(context) else { return false }
        for certificate in certificates where X509_STORE_add_cert(store, certificate.pointer) != 1 {
            // A duplicate certificate in the file is not an error.
            _ = OpenSSLText.drainErrors()
        }
        return true
    }
}
