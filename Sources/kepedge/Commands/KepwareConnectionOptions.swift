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

    @Option(help: ArgumentHelp("The Configuration API port (default 57512 for HTTPS, 57412 with --kepware-http).", valueName: "port"))
    var kepwarePort: Int?

    @Flag(help: "Use HTTPS (the default, port 57512); trust the instance certificate with --kepware-ca or --kepware-fingerprint.")
    var kepwareHttps = false

    @Flag(help: "Plain HTTP (port 57412), only to a Kepware on this machine (127.0.0.1): the password is sent in clear.")
    var kepwareHttp = false

    @Flag(help: "Plain HTTP to a Kepware on another machine: the password and the token cross the network in clear. Prefer HTTPS.")
    var kepwareInsecureHttp = false

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

    /// The port and timeout within range (one line, exit 2), before they reach a socket or a sum.
    func validateNumbers() throws {
        try NumberOptions.port(kepwarePort, option: "--kepware-port", usual: "the Configuration API: 57512 HTTPS, 57412 HTTP")
        try NumberOptions.whole(kepwareTimeout, option: "--kepware-timeout", unit: "seconds", in: 1...600)
    }

    /// True when any flag says where Kepware is (then a saved session's URL is not used).
    private var locationGiven: Bool {
        kepwareHost != nil || kepwarePort != nil || kepwareHttps || kepwareHttp || kepwareInsecureHttp || kepwareCa != nil
            || kepwareFingerprint != nil
    }

    /// HTTPS unless plain HTTP was asked for by name (issue 17: HTTP was the default, and sent the Basic-auth
    /// password and, for push and rotate, the new token in clear to any host).
    private var wantsHTTP: Bool { kepwareHttp || kepwareInsecureHttp }

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
        try validateNumbers()
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
        if wantsHTTP, kepwareHttps || kepwareCa != nil || kepwareFingerprint != nil {
            throw CLIFailure.input("--kepware-http with --kepware-https, --kepware-ca or --kepware-fingerprint: give one; HTTPS is the default")
        }
        let endpoint: KepwareEndpoint
        if !locationGiven, let session, case .success(let saved) = AgentStep.kepwareEndpoint(session) {
            endpoint = saved
        } else {
            do { endpoint = try KepwareEndpoint(host: host, port: kepwarePort, https: !wantsHTTP) } catch {
                throw CLIFailure.input("--kepware-host/--kepware-port: \(error.description)")
            }
        }
        try Self.allowPlainHTTP(endpoint, insecureAllowed: kepwareInsecureHttp)
        return endpoint
    }

    /// Plain HTTP stays on this machine, unless --kepware-insecure-http says otherwise (then loudly).
    static func allowPlainHTTP(_ endpoint: KepwareEndpoint, insecureAllowed: Bool) throws {
        guard !endpoint.https, !isLoopback(endpoint.host) else { return }
        guard insecureAllowed else {
            throw CLIFailure.input("\(endpoint.baseURL) is plain HTTP to another machine: the Kepware password and the token would cross the network in clear; enable HTTPS in Kepware's Configuration API (port 57512) and use it (the default), or give --kepware-insecure-http to accept that")
        }
        CommandOutput.note("WARNING: plain HTTP to \(endpoint.host): the Kepware password and the token cross the network in clear (--kepware-insecure-http); enable HTTPS on port 57512")
    }

    /// 127.0.0.0/8 (the API is IPv4 only; localhost was already made 127.0.0.1).
    static func isLoopback(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
