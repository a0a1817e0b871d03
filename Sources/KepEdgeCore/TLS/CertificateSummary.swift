import Foundation

/// What an engineer needs to know about one X.509 certificate, as read by the probe layer.
public struct CertificateSummary: Equatable, Codable, Sendable {
    /// One-line distinguished names, OpenSSL's RFC 2253 form, e.g. `CN=gateway01`.
    public var subject: String
    public var issuer: String
    /// Subject alternative names as OpenSSL prints them: `DNS:gateway01`, `IP Address:10.0.0.10`.
    public var subjectAlternativeNames: [String]
    public var notBefore: Date
    public var notAfter: Date
    /// basicConstraints CA:TRUE.
    public var isCA: Bool
    /// Uppercase hex, colon separated, as `openssl x509 -fingerprint` prints it.
    public var sha1Fingerprint: String
    public var sha256Fingerprint: String

    public init(
        subject: String, issuer: String, subjectAlternativeNames: [String],
        notBefore: Date, notAfter: Date, isCA: Bool,
        sha1Fingerprint: String, sha256Fingerprint: String
    ) {
        self.subject = subject
        self.issuer = issuer
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.isCA = isCA
        self.sha1Fingerprint = sha1Fingerprint
        self.sha256Fingerprint = sha256Fingerprint
    }

    /// The certificate's self-signed: subject and issuer are the same name.
    public var isSelfIssued: Bool { subject == issuer }

    /// The DNS names the certificate holds (SAN DNS entries), which hostname verification uses.
    public var dnsNames: [String] {
        subjectAlternativeNames.compactMap { name in
            name.hasPrefix("DNS:") ? String(name.dropFirst(4)) : nil
        }
    }

    /// Whole days until `notAfter`; negative once expired.
    public func daysLeft(at now: Date) -> Int {
        Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    public func isValid(at now: Date) -> Bool {
        notBefore <= now && now <= notAfter
    }
}
