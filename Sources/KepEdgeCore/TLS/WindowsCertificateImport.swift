/// How to trust a CA certificate on the Kepware (Windows) host: the thumbprint Windows shows and
/// the two commands that put the `.cer` file in the Local Machine's Trusted Root store.
public struct WindowsCertificateImport: Equatable, Codable, Sendable {
    /// The `.cer` file's name as copied to the Windows host, e.g. `azure-iot-test-only.root.ca.cert.cer`.
    public var fileName: String
    /// SHA-1, uppercase hex without separators, as certlm.msc and `Get-ChildItem Cert:\…` show it.
    public var thumbprint: String
    /// Elevated PowerShell, run in the folder holding the file.
    public var powerShellCommand: String
    /// Elevated cmd.exe, run in the folder holding the file.
    public var certutilCommand: String

    /// - Parameter sha1Fingerprint: as `CertificateSummary.sha1Fingerprint` holds it (`AB:CD:…`).
    public init(fileName: String, sha1Fingerprint: String) {
        self.fileName = fileName
        self.thumbprint = Self.thumbprint(fromFingerprint: sha1Fingerprint)
        self.powerShellCommand = #"Import-Certificate -FilePath ".\\#(fileName)" -CertStoreLocation Cert:\LocalMachine\Root"#
        self.certutilCommand = #"certutil -addstore Root "\#(fileName)""#
    }

    /// `AB:CD:0e` → `ABCD0E`.
    public static func thumbprint(fromFingerprint fingerprint: String) -> String {
        fingerprint.filter { $0.isHexDigit }.uppercased()
    }

    /// The PowerShell line that shows the certificate is installed (its thumbprint in the Root store).
    public var verifyCommand: String {
        #"Get-ChildItem Cert:\LocalMachine\Root\\#(thumbprint)"#
    }
}
