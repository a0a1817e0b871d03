/// What exporting the root CA for the Kepware host produced: the DER `.cer` file written and the
/// lines that import it into Windows' Local Computer > Trusted Root Certification Authorities store.
public struct ExportedRootCA: Equatable, Codable, Sendable {
    public var cerFile: String
    public var windowsImport: WindowsCertificateImport

    public init(cerFile: String, windowsImport: WindowsCertificateImport) {
        self.cerFile = cerFile
        self.windowsImport = windowsImport
    }
}
