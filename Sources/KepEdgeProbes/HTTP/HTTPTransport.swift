import AsyncHTTPClient
import Foundation
import KepEdgeCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// How an HTTPS server's certificate is trusted. Verification is never turned off.
public enum HTTPTrust: Sendable {
    /// Plain HTTP (only for the Kepware API on a machine where HTTPS is not enabled).
    case plainHTTP
    /// The system trust store, plus an extra root file (PEM) when given (e.g. a proxy's CA).
    case systemStore(extraRootFile: String?)
    /// Only this certificate (Kepware's self-signed instance certificate), without a host name check:
    /// the server's own certificate was pinned by SHA-256 (a fingerprint the user confirmed, or a file
    /// holding exactly the certificate the server presents).
    case pinned(NIOSSLCertificate)
    /// Chains to this CA, for the host name connected to (a site CA that signed Kepware's certificate):
    /// full verification, so another server of the same CA is refused.
    case issuedBy(NIOSSLCertificate)
}

/// One answer: status, headers, body.
public struct HTTPExchange: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// Why no answer came.
public enum HTTPTransportFailure: Error, Sendable, Equatable {
    case timeout(seconds: Int)
    case nameResolution(host: String)
    case tls(reason: String)
    case connection(reason: String)
    case badProxy(ProxySettingError)
}

/// A small wrapper over AsyncHTTPClient with kepedge's rules: bounded connect and read timeouts,
/// no redirects, curl's proxy variables (with our own `no_proxy` matching), explicit trust.
public final class HTTPTransport: Sendable {
    private let client: HTTPClient
    public let connectTimeout: Int
    public let readTimeout: Int

    /// `proxyFor` is the target host and port, looked up in `environment` (https_proxy / no_proxy).
    public init(trust: HTTPTrust, target host: String, port: Int, environment: [String: String],
                connectTimeout: Int = 10, readTimeout: Int = 20) throws(HTTPTransportFailure) {
        // Bounded here too (the CLI validates its flags): the sum below must never overflow.
        let connectTimeout = min(max(connectTimeout, 1), 3600), readTimeout = min(max(readTimeout, 1), 3600)
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(Int64(connectTimeout)), read: .seconds(Int64(readTimeout)))
        switch trust {
        case .plainHTTP:
            break
        case .systemStore(let extraRootFile):
            var tls = Self.clientTLS()
            if let extraRootFile { tls.additionalTrustRoots = [.file(extraRootFile)] }
            configuration.tlsConfiguration = tls
        case .pinned(let certificate):
            var tls = Self.clientTLS()
            tls.trustRoots = .certificates([certificate])
            tls.certificateVerification = .noHostnameVerification
            configuration.tlsConfiguration = tls
        case .issuedBy(let authority):
            var tls = Self.clientTLS()
            tls.trustRoots = .certificates([authority])
            tls.certificateVerification = .fullVerification
            configuration.tlsConfiguration = tls
        }
        let proxy: ProxyChoice?
        do { proxy = try ProxyChoice.forRequest(host: host, port: port, environment: environment) } catch { throw .badProxy(error) }
        if let proxy { configuration.proxy = .server(host: proxy.host, port: proxy.port) }
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// TLS 1.2 or later, like the TLS probe: IoT Hub refuses older versions, and Kepware's API should too.
    static func clientTLS() -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        return tls
    }

    /// Sends one request; the whole exchange is bounded by connect + read timeouts.
    public func send(method: String, url: String, headers: [(String, String)], body: Data?) async throws(HTTPTransportFailure) -> HTTPExchange {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let total = connectTimeout + readTimeout
        do {
            let response = try await client.execute(request, deadline: .now() + .seconds(Int64(total)))
            let buffer = try await response.body.collect(upTo: 8 * 1024 * 1024)
            return HTTPExchange(status: Int(response.status.code),
                                headers: response.headers.map { ($0.name, $0.value) },
                                body: Data(buffer.readableBytesView))
        } catch {
            throw Self.classify(error, url: url, seconds: total)
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// AsyncHTTPClient and NIO report failures as many types; sort them into what the user can fix.
    static func classify(_ error: any Error, url: String, seconds: Int) -> HTTPTransportFailure {
        if let failure = error as? HTTPTransportFailure { return failure }
        if let clientError = error as? HTTPClientError {
            if clientError == .connectTimeout || clientError == .readTimeout || clientError == .deadlineExceeded
                || clientError == .socksHandshakeTimeout || clientError == .tlsHandshakeTimeout || clientError == .httpProxyHandshakeTimeout {
                return .timeout(seconds: seconds)
            }
            if clientError == .remoteConnectionClosed {
                return .connection(reason: "the server closed the connection")
            }
            if clientError == .invalidProxyResponse {
                return .connection(reason: "the proxy refused the CONNECT request")
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return .tls(reason: Self.shortTLSReason(error))
        }
        let text = String(reflecting: error)
        if text.contains("unknown(host:") || text.contains("dnsAError") || text.contains("dnsAAAAError") || text.contains("getaddrinfo") {
            let host = URL(string: url)?.host ?? url
            return .nameResolution(host: host)
        }
        if text.contains("certificate") || text.contains("SSL") || text.contains("handshake") {
            return .tls(reason: Self.shortTLSReason(error))
        }
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("ECONNREFUSED") || text.contains("errno: 111") {
            return .connection(reason: "connection refused: nothing listens on that port")
        }
        if text.contains("timeout") || text.contains("Timeout") { return .timeout(seconds: seconds) }
        return .connection(reason: String(text.prefix(160)))
    }

    static func shortTLSReason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") { return "certificate verify failed: not signed by a trusted root" }
        if text.contains("hostname") || text.contains("Hostname") { return "the certificate does not name this host" }
        return String(text.prefix(160))
    }
}
