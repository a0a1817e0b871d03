import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Where Kepware's Configuration API is and how to log in, shared by `agent push`, `agent rotate` and `kepware log`.
struct KepwareConnectionOptions: ParsableArguments {
    static let passwordEnvironmentVariable = "KEPEDGE_KEPWARE_PASSWORD"

    @Option(help: ArgumentHelp("The Kepware machine's IPv4 address (localhost becomes 127.0.0.1: the API does not speak IPv6).", valueName: "host"))
    var kepwareHost: String = "127.0.0.1"

    @Option(help: ArgumentHelp("The Configuration API port (default 57412 for HTTP, 57512 with --kepware-https).", valueName: "port"))
    var kepwarePort: Int?

    @Flag(help: "Use HTTPS (port 57512); trust the instance certificate with --kepware-ca or --kepware-fingerprint.")
    var kepwareHttps = false

    @Option(help: ArgumentHelp("Kepware's instance certificate (PEM or DER) to trust for HTTPS.", valueName: "file"))
    var kepwareCa: String?

    @Option(help: ArgumentHelp("The SHA-256 fingerprint of Kepware's instance certificate you checked (AB:CD:…).", valueName: "sha256"))
    var kepwareFingerprint: String?

    @Option(help: ArgumentHelp("The Configuration API user (Kepware's User Manager).", valueName: "user"))
    var kepwareUser: String = "Administrator"

    @Option(help: ArgumentHelp("A file holding only the Configuration API password (or set \(KepwareConnectionOptions.passwordEnvironmentVariable)).", valueName: "file"))
    var kepwarePasswordFile: String?

    @Option(help: ArgumentHelp("Seconds to wait for each answer from the Configuration API.", valueName: "seconds"))
    var kepwareTimeout: Int = 15

    /// A connected client, or one input error line.
    func connect(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> KepwareConfigClient {
        let endpoint: KepwareEndpoint
        do { endpoint = try KepwareEndpoint(host: kepwareHost, port: kepwarePort, https: kepwareHttps || kepwareCa != nil || kepwareFingerprint != nil) } catch {
            throw CLIFailure.input("--kepware-host/--kepware-port: \(error.description)")
        }
        if let warning = endpoint.warning { CommandOutput.note(warning) }
        let picked = try SecretSourceChoice.pick([
            .init(name: "--kepware-password-file", value: kepwarePasswordFile, kind: .file),
            SecretSourceChoice.environment(Self.passwordEnvironmentVariable, in: environment),
        ], what: "the Kepware password")
        guard let (_, password) = picked else {
            throw CLIFailure.input("no Kepware password: give --kepware-password-file FILE or set \(Self.passwordEnvironmentVariable)")
        }
        let trust: KepwareTrust
        if !endpoint.https {
            trust = .plainHTTP
        } else if let kepwareCa {
            trust = .certificateFile(kepwareCa)
        } else if let kepwareFingerprint {
            trust = .fingerprint(kepwareFingerprint)
        } else {
            // Never trust silently: show the fingerprint and let the engineer confirm it.
            let seen: CertificateFingerprint.Seen
            do { seen = try await CertificateFingerprint.fetch(host: endpoint.host, port: endpoint.port, timeoutSeconds: 5) } catch {
                throw CLIFailure.checkFailed("could not read the certificate of \(endpoint.baseURL) (\(error)); check HTTPS is enabled in the Configuration API settings")
            }
            throw CLIFailure.input("Kepware's certificate at \(endpoint.baseURL) has SHA-256 fingerprint \(seen.fingerprint); check it on the Kepware machine, then run again with --kepware-fingerprint \(seen.fingerprint) (or --kepware-ca FILE)")
        }
        do {
            return try await KepwareConfigClient(endpoint: endpoint, user: kepwareUser, password: Secret(password), trust: trust,
                                                 environment: [:], connectTimeout: min(kepwareTimeout, 10), readTimeout: kepwareTimeout)
        } catch {
            throw CLIFailure.checkFailed(error.description)
        }
    }
}
