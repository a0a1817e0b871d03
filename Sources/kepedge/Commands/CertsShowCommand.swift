import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeRuntime
import KepEdgeProbes

/// `kepedge certs show FILE`: every certificate in a PEM or DER file, with validity and fingerprints.
struct CertsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the certificates in a PEM or DER file: subject, validity, days left, CA flag, fingerprints."
    )

    @Argument(help: "Certificate file (PEM with one or more certificates, or DER).")
    var file: String

    @Flag(help: "Print the result as JSON.")
    var json = false

    struct Output: Encodable {
        var file: String
        var encoding: CertificateFile.Encoding
        var certificates: [CertificateSummary]
        var checks: [CheckResult]
    }

    func run() throws {
        let certificateFile: CertificateFile
        do {
            certificateFile = try CertificateFile.read(path: file)
        } catch {
            throw CLIFailure.input(error.description)
        }
        let now = Date()
        let checks = certificateFile.summaries.map { summary in
            summary.isCA && summary.isSelfIssued
                ? TLSDiagnosis.caCertificateCheck(summary, now: now)
                : TLSDiagnosis.validityCheck(summary, label: summary.subject, now: now)
        }
        if json {
            try JSONOutput.print(Output(
                file: file, encoding: certificateFile.encoding, certificates: certificateFile.summaries, checks: checks))
        } else {
            print(CheckReport.render(checks), terminator: "")
            let count = certificateFile.summaries.count
            print("\(file): \(count) certificate\(count == 1 ? "" : "s") (\(certificateFile.encoding.rawValue.uppercased()))")
            for (index, summary) in certificateFile.summaries.enumerated() {
                for line in TLSEvidence.certificateLines(summary, label: "\(index + 1)") { print("  " + line) }
            }
        }
        if checks.contains(where: { $0.status == .error }) {
            throw CLIFailure.checkFailed("\(file): a certificate is not valid now; see the fix line above")
        }
    }
}
