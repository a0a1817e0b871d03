import Crypto
import Foundation
import KepEdgeCore
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Reads a TLS server's leaf certificate without trusting it, to show its SHA-256 fingerprint
/// (`AB:CD:…`, as browsers and `openssl x509 -fingerprint -sha256` print it) for the user to confirm.
/// Nothing is sent after the handshake.
public enum CertificateFingerprint {
    public struct Seen: Sendable {
        public let fingerprint: String
        public let certificate: NIOSSLCertificate

        /// Subject, issuer and validity, for the engineer deciding whether to trust it; nil when unreadable.
        public var summary: CertificateSummary? {
            guard let der = try? certificate.toDERBytes(),
                  let parsed = try? CertificateFile.parse(Data(der), path: "the server's certificate") else { return nil }
            return parsed.first?.summary
        }
    }

    public enum Failure: Error, Sendable, Equatable {
        case noCertificate
        case connection(String)
        case timeout(seconds: Int)
    }

    /// `AB:CD:…` uppercase hex of SHA-256 over the DER.
    public static func sha256(of certificate: NIOSSLCertificate) throws -> String {
        let der = try certificate.toDERBytes()
        return SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// Accepts `AB:CD…`, `abcd…`, with or without a `sha256:` / `SHA256 Fingerprint=` prefix.
    public static func normalize(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        if let equals = value.lastIndex(of: "=") { value = String(value[value.index(after: equals)...]) }
        if value.lowercased().hasPrefix("sha256:") { value = String(value.dropFirst(7)) }
        let hex = value.uppercased().filter { $0.isHexDigit }
        var pairs: [String] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            pairs.append(String(hex[index..<next]))
            index = next
        }
        return pairs.joined(separator: ":")
    }

    /// Loads a PEM (or DER) certificate file.
    public static func load(file path: String) throws -> NIOSSLCertificate {
        let bytes = [UInt8](try BoundedFile.read(path: path, limit: CertificateFile.maximumSize))
        if let pem = try? NIOSSLCertificate.fromPEMBytes(bytes), let first = pem.first { return first }
        return try NIOSSLCertificate(bytes: bytes, format: .der)
    }

    /// Connects to `host:port`, completes the TLS handshake accepting any certificate, and returns the leaf.
    public static func fetch(host: String, port: Int, timeoutSeconds: Int = 10) async throws(Failure) -> Seen {
        let captured = CapturedCertificate()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: tls) } catch { throw .connection(String(describing: error)) }
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(timeoutSeconds)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(context: context, serverHostname: nil,
                                                          customVerificationCallback: { certificates, promise in
                        captured.set(certificates.first)
                        promise.succeed(.certificateVerified)
                    })
                    try channel.pipeline.syncOperations.addHandler(handler)
                    try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(promise: captured.handshake(channel.eventLoop)))
                }
            }
        let channel: Channel
        do { channel = try await bootstrap.connect(host: host, port: port).get() } catch {
            // The initializer may have made the handshake promise before the connect failed: complete it,
            // or NIO stops the process for a leaked promise (found by KepwareTransportChoiceTests).
            let failure = Failure.connection(String(describing: error).prefix(160).description)
            captured.failHandshake(failure)
            throw failure
        }
        defer { channel.close(promise: nil) }
        let waited = channel.eventLoop.scheduleTask(in: .seconds(Int64(timeoutSeconds))) {
            captured.failHandshake(Failure.timeout(seconds: timeoutSeconds))
        }
        do { try await captured.handshakeFuture?.get() } catch let failure as Failure { waited.cancel(); throw failure } catch {
            waited.cancel(); throw .connection(String(describing: error).prefix(160).description)
        }
        waited.cancel()
        guard let certificate = captured.certificate else { throw .noCertificate }
        do { return Seen(fingerprint: try sha256(of: certificate), certificate: certificate) } catch { throw .noCertificate }
    }
}

/// Holds the leaf certificate and the handshake promise across event-loop callbacks.
private final class CapturedCertificate: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: NIOSSLCertificate?
    private var promise: EventLoopPromise<Void>?

    func set(_ certificate: NIOSSLCertificate?) { lock.withLock { stored = certificate } }
    var certificate: NIOSSLCertificate? { lock.withLock { stored } }

    func handshake(_ loop: EventLoop) -> EventLoopPromise<Void> {
        lock.withLock {
            let made = loop.makePromise(of: Void.self)
            promise = made
            return made
        }
    }
    var handshakeFuture: EventLoopFuture<Void>? { lock.withLock { promise?.futureResult } }
    func failHandshake(_ error: any Error) { lock.withLock { promise }?.fail(error) }
}

/// Completes the promise when the TLS handshake finishes, fails it on an error or close.
private final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let promise: EventLoopPromise<Void>
    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent { promise.succeed(()) }
        context.fireUserInboundEventTriggered(event)
    }
    func errorCaught(context: ChannelHandlerContext, error: any Error) { promise.fail(error) }
    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(CertificateFingerprint.Failure.connection("the server closed the connection during the TLS handshake"))
        context.fireChannelInactive()
    }
}
