import COpenSSL
import Foundation
import KepEdgeCore
#if canImport(Glibc)
import Glibc
#endif

/// The blocking part of a probe: connect, handshake, collect. Runs on a dedicated thread.
enum TLSHandshake {
    static func run(
        request: TLSProbeRequest, addresses: [String], trust: TrustAnchors, cancellation: CancellationFlag
    ) -> TLSProbeReport {
        // A peer that closes mid-handshake makes write() raise SIGPIPE, which would end the
        // process; blocked on this thread, write() returns EPIPE instead.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        defer { discardPendingPipeSignal(pipeSignal) }

        var report = TLSProbeReport(request: request)
        let connectStart = ContinuousClock.now
        let outcome = TCPConnector.connect(
            addresses: addresses, port: request.port,
            deadline: ProbeDeadline(seconds: request.timeoutSeconds), cancellation: cancellation)
        let fd: Int32
        switch outcome {
        case .connected(let connected, let address):
            fd = connected
            report.connectedAddress = address
            report.connectMilliseconds = Resolver.milliseconds(since: connectStart)
        case .refused:
            report.failure = .connectionRefused
            return report
        case .timedOut:
            report.failure = .connectTimedOut
            return report
        case .cancelled:
            report.failure = .networkError(detail: "cancelled")
            return report
        case .failed(let reason):
            report.failure = .networkError(detail: reason)
            return report
        }
        defer { close(fd) }
        handshake(fd: fd, request: request, trust: trust, cancellation: cancellation, into: &report)
        return report
    }

    private static func handshake(
        fd: Int32, request: TLSProbeRequest, trust: TrustAnchors, cancellation: CancellationFlag,
        into report: inout TLSProbeReport
    ) {
        _ = OpenSSLText.drainErrors()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            report.failure = .handshakeFailed(detail: "cannot create a TLS context")
            return
        }
        defer { SSL_CTX_free(context) }
        _ = kepedge_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        // No callback: the first verify error aborts the handshake, as -verify_return_error does.
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard trust.install(in: context) else {
            report.failure = .caFileUnusable(detail: "cannot load the trusted certificates: \(OpenSSLText.drainErrors().joined(separator: "; "))")
            return
        }
        guard let ssl = SSL_new(context) else {
            report.failure = .handshakeFailed(detail: "cannot create a TLS connection")
            return
        }
        defer { SSL_free(ssl) }
        _ = SSL_set_fd(ssl, fd)
        // SNI carries names only (RFC 6066); hostname verification takes names and addresses.
        if !IPAddressText.isIPAddress(request.host) {
            _ = kepedge_SSL_set_tlsext_host_name(ssl, request.host)
        }
        _ = SSL_set1_host(ssl, request.host)

        let start = ContinuousClock.now
        let deadline = ProbeDeadline(seconds: request.timeoutSeconds)
        var handshakeFailure: TLSFailure?
        while true {
            let result = SSL_connect(ssl)
            if result == 1 { break }
            let error = SSL_get_error(ssl, result)
            let events: Int16
            switch error {
            case SSL_ERROR_WANT_READ: events = Int16(POLLIN)
            case SSL_ERROR_WANT_WRITE: events = Int16(POLLOUT)
            default:
                handshakeFailure = .handshakeFailed(detail: describeFailure(error: error, result: result))
                events = 0
            }
            if handshakeFailure != nil { break }
            switch deadline.wait(fd, events: events, cancellation: cancellation) {
            case .ready: continue
            case .timedOut: handshakeFailure = .handshakeTimedOut
            case .cancelled: handshakeFailure = .networkError(detail: "cancelled")
            case .failed(let code): handshakeFailure = .networkError(detail: TCPConnector.describe(code))
            }
            break
        }
        report.handshakeMilliseconds = Resolver.milliseconds(since: start)
        report.servedChain = servedChain(ssl)

        if !report.servedChain.isEmpty {
            let code = SSL_get_verify_result(ssl)
            report.verifyCode = code
            report.verifyText = String(cString: X509_verify_cert_error_string(code))
            if code != Int(X509_V_OK), handshakeFailure != .handshakeTimedOut {
                handshakeFailure = .verificationFailed
            }
        }
        if let handshakeFailure {
            report.failure = handshakeFailure
            return
        }
        if let version = SSL_get_version(ssl) { report.protocolVersion = String(cString: version) }
        if let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) {
            report.cipher = String(cString: name)
        }
        _ = SSL_shutdown(ssl)  // best effort close_notify; the socket is non-blocking
    }

    /// The chain the server sent, leaf first (available even when verification failed).
    private static func servedChain(_ ssl: OpaquePointer) -> [CertificateSummary] {
        guard let chain = SSL_get_peer_cert_chain(ssl) else { return [] }
        return (0..<kepedge_sk_X509_num(chain)).compactMap { index in
            kepedge_sk_X509_value(chain, index).map { OpenSSLCertificate(borrowing: $0).summary }
        }
    }

    private static func describeFailure(error: Int32, result: Int32) -> String {
        let reasons = OpenSSLText.drainErrors()
        if !reasons.isEmpty { return reasons.joined(separator: "; ") }
        if error == SSL_ERROR_SYSCALL {
            return result == 0 || errno == 0 ? "the server closed the connection during the handshake" : TCPConnector.describe(errno)
        }
        if error == SSL_ERROR_ZERO_RETURN { return "the server closed the connection during the handshake" }
        return "SSL error \(error)"
    }

    private static func discardPendingPipeSignal(_ set: sigset_t) {
        var set = set
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var zero = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&set, nil, &zero)
        }
    }
}
