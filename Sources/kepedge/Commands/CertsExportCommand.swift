import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge certs export FILE --out DIR`: the root CA as a DER `.cer` for the Kepware (Windows)
/// host, its thumbprint, and the commands that import it into the Trusted Root store.
struct CertsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the root CA as a DER .cer file for the Kepware host, with its thumbprint and import commands."
    )

    @Argument(help: "Root CA file (PEM or DER); from a full chain, its self-signed root is exported.")
    var file: String

    @Option(help: "Existing folder to write the .cer file into.")
    var out: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let export: CertificateExport
        do {
            export = try CertificateExporter.export(try CertificateFile.read(path: file), into: out)
        } catch let error as CertificateFileError {
            throw CLIFailure.input(error.description)
        } catch let error as CertificateExporter.ExportError {
            throw CLIFailure.input(error.description)
        }
        if json {
            try JSONOutput.print(export)
            return
        }
        let windows = export.windowsImport
        print("wrote \(export.cerFile) (DER) from certificate \(export.position) of \(export.sourceFile)")
        print("certificate: \(export.certificate.subject), valid to \(TLSDiagnosis.day(export.certificate.notAfter))")
        print("thumbprint:  \(windows.thumbprint)")
        // The copy crosses a share, a USB stick or a mail: the thumbprint is what proves it is still this CA.
        print("On the Kepware host, before importing, compare the copy's thumbprint with the one above:")
        print("  PowerShell: (Get-PfxCertificate .\\\(windows.fileName)).Thumbprint")
        print("  cmd.exe:    certutil -hashfile \(windows.fileName) SHA1")
        print("  If it differs, do not import it. Then, in that folder, as Administrator:")
        print("  PowerShell: \(windows.powerShellCommand)")
        print("  cmd.exe:    \(windows.certutilCommand)")
        print("  check:      \(windows.verifyCommand)")
    }
}
