import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeRuntime
import KepEdgeProbes

/// `kepedge names`: wizard step 2. Does the gateway's name resolve, does edgeHub's certificate hold
/// it, does 8883 answer, and what line does the Kepware host's hosts file need.
struct NamesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "names",
        abstract: "Check the gateway's name: resolution, /etc/hosts, certificate names, port 8883, and the Kepware host's hosts line."
    )

    @Option(help: "IoT Edge config file (default: /etc/aziot/config.toml, then /etc/iotedge/config.yaml).")
    var config: String?

    @Option(help: "The name the Kepware agent connects with (default: the config's hostname).")
    var host: String?

    @Option(help: "edgeHub's MQTT port.")
    var port: Int = 8883

    @Option(name: .customLong("cert-names"), help: "The names in edgeHub's certificate, comma-separated (SAN DNS/IP and CN).")
    var certNames: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(name: .customLong("hosts-file"), help: .hidden)
    var hostsFilePath = "/etc/hosts"

    @Option(name: .customLong("resolve-timeout"), help: .hidden)
    var resolveTimeoutSeconds: Double = 5

    @Option(name: .customLong("connect-timeout"), help: .hidden)
    var connectTimeoutSeconds: Double = 3

    /// Everything `--json` prints.
    struct Output: Encodable {
        var host: String
        var port: Int
        var config: EdgeConfig?
        var resolution: NameResolutionReport
        var hostsFileEntries: [HostsFileEntry]
        var hostsLine: HostsFileLine
        var certificateNames: [String]?
        var certificateNameVerdict: CertificateNameVerdict?
        var portReachability: PortReachabilityReport?
        var checks: [CheckResult]
    }

    func run() async throws {
        let inputs = try validatedInputs()
        let edgeConfig = try readEdgeConfig()
        guard let connectName = host ?? edgeConfig?.certificateHostname else {
            throw CLIFailure.input("no host name: pass --host NAME or --config PATH")
        }

        var checks: [CheckResult] = []
        if let edgeConfig { checks.append(NameChecks.config(edgeConfig)) }

        let interfaces = LocalInterfaces.addresses()
        let hostsLine = HostsFileLine(
            hostname: connectName, interfaces: interfaces,
            defaultRouteInterface: LocalInterfaces.defaultRouteInterface())

        let (hostsFile, hostsFileProblem) = readHostsFile()
        let hostsEntries = hostsFile?.entries(for: connectName) ?? []
        if let hostsFileProblem { checks.append(hostsFileProblem) }

        let resolution = await Resolver.resolve(connectName, timeout: inputs.resolveTimeout)
        checks.append(NameChecks.resolution(
            resolution, hostsEntries: hostsEntries,
            isLocalAddress: { LocalInterfaces.isLocalAddress($0, among: interfaces) },
            hostsLine: hostsLine.line,
            hostsFilePath: hostsFilePath))

        // The real certificate's names when given; otherwise, when --host differs from the config,
        // the names edgeHub's certificate gets from that config.
        var verdict: CertificateNameVerdict?
        var expectedNamesNote: String?
        var namesToMatch = inputs.certificateNames
        if namesToMatch == nil, let edgeConfig, host != nil, connectName != edgeConfig.certificateHostname {
            namesToMatch = edgeConfig.expectedEdgeHubCertificateNames
            expectedNamesNote = "names edgeHub's certificate gets from \(edgeConfig.sourcePath); pass --cert-names to check the real certificate"
        }
        if let names = namesToMatch {
            let found = CertificateNameMatch.verdict(connectName: connectName, certificateNames: names)
            verdict = found
            var check = CertificateNameMatch.check(for: found, connectName: connectName)
            if let expectedNamesNote { check.details.append(expectedNamesNote) }
            checks.append(check)
        }

        var portReport: PortReachabilityReport?
        if resolution.resolved {
            let report = PortReachability.firstAccepting(host: connectName, addresses: resolution.addresses, port: port, timeout: inputs.connectTimeout)
            portReport = report
            checks.append(NameChecks.port(report))
        } else {
            checks.append(NameChecks.portSkipped(host: connectName, port: port))
        }
        checks.append(hostsLine.check)

        if json {
            try JSONOutput.print(Output(
                host: connectName, port: port, config: edgeConfig, resolution: resolution,
                hostsFileEntries: hostsEntries, hostsLine: hostsLine,
                certificateNames: inputs.certificateNames, certificateNameVerdict: verdict,
                portReachability: portReport, checks: checks))
        } else {
            print(CheckReport.render(checks), terminator: "")
        }

        let failed = checks.filter { $0.status == .error }.count
        if failed > 0 {
            throw CLIFailure.checkFailed("\(failed) name check\(failed == 1 ? "" : "s") failed for \(connectName); see the fix lines above")
        }
    }

    // MARK: - Inputs

    private struct Inputs {
        var certificateNames: [String]?
        var resolveTimeout: Duration
        var connectTimeout: Duration
    }

    private func validatedInputs() throws -> Inputs {
        guard (1...65535).contains(port) else {
            throw CLIFailure.input("--port \(port): not a TCP port; give 1-65535 (edgeHub's MQTT port is 8883)")
        }
        if let host, host.trimmingCharacters(in: .whitespaces).isEmpty || host.contains(where: \.isWhitespace) {
            throw CLIFailure.input("--host '\(host)': not a host name; give the gateway's name, e.g. --host gw01")
        }
        var names: [String]?
        if let certNames {
            let parsed = certNames.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !parsed.isEmpty else {
                throw CLIFailure.input("--cert-names is empty; give the certificate's names, e.g. --cert-names \"gw01,edgeHub\"")
            }
            names = parsed
        }
        guard (0.001...600).contains(resolveTimeoutSeconds), (0.001...600).contains(connectTimeoutSeconds) else {
            throw CLIFailure.input("--resolve-timeout and --connect-timeout take seconds between 0.001 and 600")
        }
        return Inputs(
            certificateNames: names,
            resolveTimeout: .milliseconds(Int(resolveTimeoutSeconds * 1000)),
            connectTimeout: .milliseconds(Int(connectTimeoutSeconds * 1000)))
    }

    /// The config from `--config`, or from the default locations when no `--host` was given.
    private func readEdgeConfig() throws -> EdgeConfig? {
        let reader = EdgeConfigReader()
        do {
            if let config { return try reader.read(path: config) }
            if host != nil { return nil }
            return try reader.read()
        } catch {
            if config == nil, error.problem == .notFound {
                throw CLIFailure.input("no IoT Edge config at \(error.paths.joined(separator: " or ")); pass --config PATH or --host NAME")
            }
            throw CLIFailure.input("\(config == nil ? "" : "--config ")\(error.description)")
        }
    }

    /// The hosts file, or a warning saying why it could not be read (resolution still runs).
    private func readHostsFile() -> (HostsFile?, CheckResult?) {
        do {
            return (HostsFile(parsing: try String(contentsOfFile: hostsFilePath, encoding: .utf8)), nil)
        } catch {
            return (nil, NameChecks.hostsFileUnreadable(path: hostsFilePath, reason: error.localizedDescription))
        }
    }
}
