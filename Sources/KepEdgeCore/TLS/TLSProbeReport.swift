import Foundation

/// What the TLS probe asks for: the equivalent of
/// `openssl s_client -connect host:port -servername host -verify_hostname host -CAfile caFile`.
public struct TLSProbeRequest: Equatable, Codable, Sendable {
    public var host: String
    public var port: Int
    /// A PEM or DER file with one or more trusted certificates; nil means the system store.
    public var caFile: String?
    /// Connect and handshake timeout, each.
    public var timeoutSeconds: Double

    public init(host: String, port: Int = 8883, caFile: String? = nil, timeoutSeconds: Double = 5) {
        self.host = host
        self.port = port
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Where a probe stopped, when it did not complete a verified handshake.
public enum TLSFailure: Equatable, Codable, Sendable {
    /// getaddrinfo found no address for the host.
    case nameDoesNotResolve(detail: String)
    /// Every address refused the TCP connection.
    case connectionRefused
    /// No TCP connection within the timeout.
    case connectTimedOut
    /// TCP connected but the TLS handshake did not finish within the timeout.
    case handshakeTimedOut
    /// The CA file could not be read or holds no certificate.
    case caFileUnusable(detail: String)
    /// The handshake failed for a reason other than certificate verification (protocol, alert, reset).
    case handshakeFailed(detail: String)
    /// The peer's chain did not verify; `verifyCode` on the report says why (OpenSSL X509_V_ERR_*).
    case verificationFailed
    /// Any other socket error.
    case networkError(detail: String)
}

/// Everything one TLS probe learnt. The probe layer fills it; the step models judge it.
public struct TLSProbeReport: Equatable, Codable, Sendable {
    public var request: TLSProbeRequest
    /// The address actually connected to, e.g. `127.0.0.1`.
    public var connectedAddress: String?
    /// OpenSSL's verify result (`SSL_get_verify_result`): 0 is ok; 2, 10, 18, 19, 20, 21, 62 ... otherwise.
    /// Nil when no certificate was received.
    public var verifyCode: Int?
    /// OpenSSL's text for the code, `X509_verify_cert_error_string`.
    public var verifyText: String?
    /// e.g. `TLSv1.3`.
    public var protocolVersion: String?
    /// e.g. `TLS_AES_256_GCM_SHA384`.
    public var cipher: String?
    /// The chain the server sent, leaf first.
    public var servedChain: [CertificateSummary]
    public var connectMilliseconds: Double?
    public var handshakeMilliseconds: Double?
    /// Nil when the handshake completed and the chain verified (verifyCode 0).
    public var failure: TLSFailure?

    public init(
        request: TLSProbeRequest, connectedAddress: String? = nil, verifyCode: Int? = nil,
        verifyText: String? = nil, protocolVersion: String? = nil, cipher: String? = nil,
        servedChain: [CertificateSummary] = [], connectMilliseconds: Double? = nil,
        handshakeMilliseconds: Double? = nil, failure: TLSFailure? = nil
    ) {
        self.request = request
        self.connectedAddress = connectedAddress
        self.verifyCode = verifyCode
        self.verifyText = verifyText
        self.protocolVersion = protocolVersion
        self.cipher = cipher
        self.servedChain = servedChain
        self.connectMilliseconds = connectMilliseconds
        self.handshakeMilliseconds = handshakeMilliseconds
        self.failure = failure
    }

    public var isVerified: Bool { failure == nil && verifyCode == 0 }
}
