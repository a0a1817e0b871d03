import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeRuntime
import KepEdgeProbes

/// `kepedge tls`: wizard step 1's verdict. Does edgeHub's TLS listener serve a chain that
/// verifies against the root CA, with the name the Kepware agent will connect with?
struct TLSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls",
        abstract: "Check edgeHub's TLS certificate the way the Kepware agent will: chain, root CA, host name, validity.",
        discussion: """
            Same verdict as `openssl s_client -connect H:8883 -servername H -verify_hostname H \
            -CAfile CA -verify_return_error`, with the reason and the fix.
            Without --ca, the root CA comes from trust_bundle_cert (/etc/aziot/config.toml) or
            trusted_ca_certs (/etc/iotedge/config.yaml), else this machine's trusted roots; the same
            config names the certificate's expected names. With --ca, no config is read unless --config is given.
            """
    )

    @Option(help: "The gateway's name, exactly as the Kepware agent connects with it.")
    var host: String

    @Option(help: "edgeHub's MQTT-over-TLS port.")
    var port: Int = 8883

    @Option(help: "Root CA file (PEM or DER, one or more certificates).")
    var ca: String?

    @Option(help: "Seconds allowed for each of name resolution, TCP connect and TLS handshake.")
    var timeout: Double = 5

    @Option(help: "IoT Edge config file, for the names edgeHub's certificate should hold (default: the usual places).")
    var config: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    /// Everything `--json` prints.
    struct Output: Encodable {
        var report: TLSProbeReport
        var caSource: String
        var caCertificates: [CertificateSummary]
        var checks: [CheckResult]
    }

    func run() async throws {
        try validateInputs()
        let edgeConfig = readEdgeConfig()
        let (caPath, caSource, caCertificates) = try chooseCA(edgeConfig: edgeConfig)
        let request = TLSProbeRequest(host: host, port: port, caFile: caPath, timeoutSeconds: timeout)
        let report = await TLSProbe().probe(request)
        let checks = TLSDiagnosis.checks(
            for: report, caCertificates: caCertificates,
            expectedNames: edgeConfig?.expectedEdgeHubCertificateNames, now: Date())

        if json {
            try JSONOutput.print(Output(report: report, caSource: caSource, caCertificates: caCertificates, checks: checks))
        } else {
            print(CheckReport.render(checks), terminator: "")
            let evidence = TLSEvidence.lines(for: report)
            if !evidence.isEmpty {
                print("evidence (CA: \(caSource)):")
                for line in evidence { print("  " + line) }
            }
        }
        let failed = checks.filter { $0.status == .error }.count
        if failed > 0 {
            throw CLIFailure.checkFailed("TLS check of \(host):\(port) failed; see the fix line\(failed == 1 ? "" : "s") above")
        }
    }

    private func validateInputs() throws {
        if host.trimmingCharacters(in: .whitespaces).isEmpty || host.contains(where: \.isWhitespace) {
            throw CLIFailure.input("--host '\(host)': not a host name; give the gateway's name, e.g. --host gw01")
        }
        try NumberOptions.port(port)
        try NumberOptions.seconds(timeout, option: "--timeout", in: 0.1...120)
    }

    /// The CA file to trust and where it came from; a bad --ca file is bad input (exit 2).
    private func chooseCA(edgeConfig: EdgeConfig?) throws -> (String?, String, [CertificateSummary]) {
        if let ca {
            do {
                return (ca, ca, try CertificateFile.read(path: ca).summaries)
            } catch {
                throw CLIFailure.input("--ca \(error.description)")
            }
        }
        let reader = config.map { EdgeConfigReader(tomlPath: $0, yamlPath: $0) } ?? EdgeConfigReader()
        let location = RootCALocator(reader: reader).locate(typedPath: nil, certGenFolder: nil)
        for candidate in location.skipped where candidate.path != nil {
            CommandOutput.note(candidate.summary)
        }
        if let path = location.path, let source = location.source {
            // A configured file that is not a certificate is the probe's verdict (exit 1), not bad input.
            let summaries = (try? CertificateFile.read(path: path).summaries) ?? []
            return (path, "\(path), from \(source.explanation)", summaries)
        }
        CommandOutput.note("no root CA given or configured; using this machine's trusted roots (pass --ca FILE)")
        return (nil, "this machine's trusted roots", [])
    }

    /// The IoT Edge config when one is readable; only used for the names it gives the certificate. With `--ca`
    /// and no `--config` none is looked for: the command was told what to trust, and the names it checks are
    /// then `--host` alone (as `openssl s_client -verify_hostname` checks).
    private func readEdgeConfig() -> EdgeConfig? {
        let reader = EdgeConfigReader()
        if let config { return try? reader.read(path: config) }
        if ca != nil { return nil }
        return try? reader.read()
    }
}
