import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Where Kepware's Configuration API is and how to log in, shared by `agent push`, `agent rotate`, `kepware log` and `check`.
struct KepwareConnectionOptions: ParsableArguments {
    static let passwordEnvironmentVariable = "KEPEDGE_KEPWARE_PASSWORD"
    static let defaultHost = "127.0.0.1"
    static let defaultUser = "Administrator"

    @Option(help: ArgumentHelp("The Kepware machine's IPv4 address (default \(KepwareConnectionOptions.defaultHost); localhost becomes 127.0.0.1: the API does not speak IPv6).", valueName: "host"))
    var kepwareHost: String?

    @Option(help: ArgumentHelp("The Configuration API port (default 57412 for HTTP, 57512 with --kepware-https).", valueName: "port"))
    var kepwarePort: Int?

    @Flag(help: "Use HTTPS (port 57512); trust the instance certificate with --kepware-ca or --kepware-fingerprint.")
    var kepwareHttps = false

    @Option(help: ArgumentHelp("Kepware's instance certificate (PEM or DER) to trust for HTTPS.", valueName: "file"))
    var kepwareCa: String?

    @Option(help: ArgumentHelp("The SHA-256 fingerprint of Kepware's instance certificate you checked (AB:CD:…).", valueName: "sha256"))
    var kepwareFingerprint: String?

    @Option(help: ArgumentHelp("The Configuration API user in Kepware's User Manager (default \(KepwareConnectionOptions.defaultUser)).", valueName: "user"))
    var kepwareUser: String?

    @Option(help: ArgumentHelp("A file holding only the Configuration API password (or set \(KepwareConnectionOptions.passwordEnvironmentVariable)).", valueName: "file"))
    var kepwarePasswordFile: String?

    @Option(help: ArgumentHelp("Seconds to wait for each answer from the Configuration API.", valueName: "seconds"))
    var kepwareTimeout: Int = 15

    var host: String { kepwareHost ?? Self.defaultHost }

    /// True when any flag says where Kepware is (then a saved session's URL is not used).
    private var locationGiven: Bool {
        kepwareHost != nil || kepwarePort != nil || kepwareHttps || kepwareCa != nil || kepwareFingerprint != nil
    }

    /// The password from --kepware-password-file or the environment, nil when neither is given.
    func password(environment: [String: String]) throws -> Secret? {
        let picked = try SecretSourceChoice.pick([
            .init(name: "--kepware-password-file", value: kepwarePasswordFile, kind: .file),
            SecretSourceChoice.environment(Self.passwordEnvironmentVariable, in: environment),
        ], what: "the Kepware password")
        return picked.map { Secret($0.text) }
    }

    /// A connected client, or one input error line. `session` (a saved wizard session's step 5) supplies
    /// the URL, user and confirmed fingerprint the flags do not give. `mayAsk`: over HTTPS without a trusted
    /// certificate, ask on the terminal (only when stdin and stderr are one).
    func connect(environment: [String: String] = ProcessInfo.processInfo.environment,
                 session: AgentStep.State? = nil, mayAsk: Bool = true) async throws -> KepwareConfigClient {
        let endpoint = try endpoint(session: session)
        if let warning = endpoint.warning { CommandOutput.note(warning) }
        guard let password = try password(environment: environment) else {
            throw CLIFailure.input("no Kepware password: give --kepware-password-file FILE or set \(Self.passwordEnvironmentVariable)")
        }
        let sessionFingerprint = locationGiven ? nil : Self.nonEmpty(session?.kepwareFingerprintText)
        let trust: KepwareTrust
        if !endpoint.https {
            trust = .plainHTTP
        } else if let kepwareCa {
            trust = .certificateFile(kepwareCa)
        } else if let fingerprint = kepwareFingerprint ?? sessionFingerprint {
            trust = .fingerprint(fingerprint)
        } else {
            trust = .fingerprint(try await FingerprintConfirmation.confirm(endpoint: endpoint, mayAsk: mayAsk))
        }
        let user = kepwareUser ?? Self.nonEmpty(session?.kepwareUser) ?? Self.defaultUser
        do {
            return try await KepwareConfigClient(endpoint: endpoint, user: user, password: password, trust: trust,
                                                 environment: [:], connectTimeout: min(kepwareTimeout, 10), readTimeout: kepwareTimeout)
        } catch {
            throw CLIFailure.checkFailed(error.description)
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The flags' endpoint; without any location flag, a saved session's Kepware URL.
    func endpoint(session: AgentStep.State? = nil) throws -> KepwareEndpoint {
        if !locationGiven, let session, case .success(let endpoint) = AgentStep.kepwareEndpoint(session) {
            return endpoint
        }
        do { return try KepwareEndpoint(host: host, port: kepwarePort, https: kepwareHttps || kepwareCa != nil || kepwareFingerprint != nil) } catch {
            throw CLIFailure.input("--kepware-host/--kepware-port: \(error.description)")
        }
    }
}
