/// What exporting the root CA for the Kepware host produced.
public struct ExportedRootCA: Equatable, Codable, Sendable {
    /// The DER `.cer` file written (Windows' certificate import reads it directly).
    public var derPath: String
    /// SHA-1 thumbprint as Windows shows it: uppercase hex, no separators.
    public var thumbprint: String
    /// `Import-Certificate -FilePath "…" -CertStoreLocation Cert:\LocalMachine\Root`
    public var powerShellCommand: String
    /// `certutil -addstore Root "…"`
    public var certutilCommand: String

    public init(derPath: String, thumbprint: String, powerShellCommand: String, certutilCommand: String) {
        self.derPath = derPath
        self.thumbprint = thumbprint
        self.powerShellCommand = powerShellCommand
        self.certutilCommand = certutilCommand
    }
}
