/// OpenSSL's certificate verify result codes (`X509_V_ERR_*`) the diagnosis explains.
public enum TLSVerifyCode {
    public static let ok = 0
    public static let unableToGetIssuerCertificate = 2
    public static let certificateNotYetValid = 9
    public static let certificateHasExpired = 10
    public static let selfSignedCertificate = 18
    public static let selfSignedCertificateInChain = 19
    public static let unableToGetLocalIssuerCertificate = 20
    public static let unableToVerifyLeafSignature = 21
    public static let hostnameMismatch = 62
    public static let ipAddressMismatch = 64

    /// The codes meaning "the chain does not lead to a trusted root".
    public static let untrustedRoot: Set<Int> = [
        unableToGetIssuerCertificate, selfSignedCertificateInChain, unableToGetLocalIssuerCertificate,
    ]
}
