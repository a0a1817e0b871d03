import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge agent rotate`: replaces the agent's SAS token before it expires. Idempotent and safe for cron/systemd:
/// does nothing (exit 0) while the current token is not expiring within the window.
struct AgentRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Rotate the agent's SAS token when it expires within a window (for a daily timer).",
        discussion: """
            Kepware cannot give the password back, so the current expiry comes from the state file 'agent push' wrote \
            (or --current-expiry). Only the password is PUT. --print-timer prints, for the packaged daily timer \
            kepedge-rotate@DEVICE.timer, a drop-in holding this command with every option given (docs/packaging.md).
            """
    )

    @OptionGroup var identity: HubDeviceOptions
    @OptionGroup var kepware: KepwareConnectionOptions
    @OptionGroup var deviceKey: DeviceKeyOptions
    @OptionGroup var hubOwner: HubOwnerOptions

    @Option(help: ArgumentHelp("The agent's name in Kepware (default: the device id).", valueName: "name"))
    var agentName: String?

    @Option(help: ArgumentHelp("Rotate only when the token expires within this, e.g. 7d.", valueName: "duration"))
    var ifExpiringWithin: String = "7d"

    @Option(help: ArgumentHelp("The new token's lifetime, e.g. 30d.", valueName: "duration"))
    var tokenLifetime: String = "30d"

    @Option(help: ArgumentHelp("The current token's expiry (epoch seconds), when there is no state file yet.", valueName: "epoch"))
    var currentExpiry: Int?

    @Option(help: ArgumentHelp("The state file 'agent push' wrote.", valueName: "file"))
    var stateFile: String?

    @Option(help: ArgumentHelp("Seconds to wait for the agent to reconnect (0: do not wait).", valueName: "seconds"))
    var wait: Int = 60

    @Flag(help: "Print the systemd drop-in that runs this command daily through the packaged kepedge-rotate@.timer, and exit.")
    var printTimer = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    struct Report: Encodable {
        let agent: String
        let rotated: Bool
        let oldExpiry: String
        let newExpiry: String?
        let connected: Bool?
    }

    func run() async throws {
        try NumberOptions.whole(wait, option: "--wait", unit: "seconds", in: 0...3600)
        try NumberOptions.whole(currentExpiry, option: "--current-expiry", unit: "seconds since 1970", in: 1...SASToken.latestExpiry)
        try kepware.validateNumbers()
        let hub = try identity.resolvedHub()
        let device = try identity.resolvedDevice()
        let agent = agentName ?? device.rawValue
        let window: TokenLifetime, lifetime: TokenLifetime
        do { window = try TokenLifetime(parsing: ifExpiringWithin) } catch { throw CLIFailure.input("--if-expiring-within: \(error.description)") }
        do { lifetime = try TokenLifetime(parsing: tokenLifetime) } catch { throw CLIFailure.input("--token-lifetime: \(error.description)") }
        let path = stateFile ?? RotationStateFile.defaultPath(agent: agent)

        if printTimer {
            try printSystemdDropIn(hub: hub, device: device, agent: agent, statePath: path)
            return
        }

        let current: Int
        if let currentExpiry {
            current = currentExpiry
        } else {
            let state: SASRotationState?
            do { state = try RotationStateFile.read(path) } catch { throw CLIFailure.input("--state-file: \(error.description)") }
            guard let state else {
                throw CLIFailure.input("no state file at \(path), and Kepware cannot give the token back: give --current-expiry EPOCH once (see 'kepedge sas inspect'), or run 'kepedge agent push'")
            }
            guard state.agentName == agent else {
                throw CLIFailure.input("\(path) is for agent '\(state.agentName)', not '\(agent)'; give --state-file or --agent-name")
            }
            current = state.expiryEpoch
        }
        let oldExpiry = DurationWording.timestamp(Date(timeIntervalSince1970: TimeInterval(current)))
        let now = Date()
        if case .notYet(let left) = SASRotationDecision.decide(currentExpiryEpoch: current, now: now, window: TimeInterval(window.seconds)) {
            if json {
                try JSONOutput.print(Report(agent: agent, rotated: false, oldExpiry: oldExpiry, newExpiry: nil, connected: nil))
            } else {
                print("Agent '\(agent)': token expires \(oldExpiry) (in \(DurationWording.describe(left))), not within \(window); nothing to do.")
            }
            return
        }

        let key = try await deviceKeyForRotation(hub: hub, device: device)
        let newExpiry = lifetime.expiry(fromEpoch: Int(now.timeIntervalSince1970))
        let token = SASToken.forDevice(hub: hub, device: device, key: key, expiry: newExpiry)
        let client = try await kepware.connect()
        let verdict: KepwareConnectionVerdict?
        do {
            guard try await client.agent(agent) != nil else {
                throw CLIFailure.checkFailed("Kepware has no MQTT agent '\(agent)'; create it with 'kepedge agent push'")
            }
            try await client.updateAgent(agent, changes: KepwareAgentSettings.passwordUpdateBody(password: token.value, projectID: nil))
            // Kepware now holds the new token, whatever happens next: record its expiry first.
            do { try RotationStateFile.write(SASRotationState(agentName: agent, expiryEpoch: newExpiry), to: path) } catch {
                CommandOutput.note("the token was rotated, but the state file was not updated: \(error.description)")
            }
            verdict = wait > 0 ? try await client.waitForConnected(agent: agent, url: nil, since: now, timeout: TimeInterval(wait)) : nil
        } catch {
            // The HTTP client must be shut down on every path before it goes away.
            await client.shutdown()
            if let failure = error as? KepwareAPIFailure { throw CLIFailure.checkFailed(failure.description) }
            throw error
        }
        await client.shutdown()
        let newText = DurationWording.timestamp(Date(timeIntervalSince1970: TimeInterval(newExpiry)))
        if json {
            try JSONOutput.print(Report(agent: agent, rotated: true, oldExpiry: oldExpiry, newExpiry: newText, connected: verdict?.connected))
        } else {
            print("Agent '\(agent)': token rotated; old expiry \(oldExpiry), new expiry \(newText).")
            if let verdict {
                print(TerminalText.oneLine(verdict.connected ? "  reconnected: \(verdict.connectedEntry?.message ?? "")" : "  NOT reconnected within \(wait) s"))
                for problem in verdict.problems { print(TerminalText.oneLine("  \(problem.timestamp) \(problem.event): \(problem.message)")) }
            }
        }
        if let verdict, !verdict.connected {
            throw CLIFailure.checkFailed("agent '\(agent)' did not reconnect with the new token within \(wait) s; check the lines above and 'kepedge sas inspect'")
        }
    }

    /// The drop-in for `kepedge-rotate@<device>.service`: every option that changes what the daily run does, with file
    /// paths made absolute (systemd starts it in /). Inline secrets are left out and named for the environment file.
    private func printSystemdDropIn(hub: IoTHubHost, device: DeviceID, agent: String, statePath: String) throws {
        let endpoint = try kepware.endpoint()
        let file = Self.absolutePath
        var arguments = ["--hub", hub.hostName, "--device", device.rawValue, "--agent-name", agent,
                         "--kepware-host", endpoint.host, "--kepware-port", String(endpoint.port),
                         "--kepware-user", kepware.kepwareUser ?? KepwareConnectionOptions.defaultUser,
                         "--kepware-timeout", String(kepware.kepwareTimeout),
                         "--if-expiring-within", ifExpiringWithin, "--token-lifetime", tokenLifetime,
                         "--state-file", file(statePath), "--wait", String(wait)]
        if endpoint.https { arguments.append("--kepware-https") }
        if let ca = kepware.kepwareCa { arguments += ["--kepware-ca", file(ca)] }
        if let fingerprint = kepware.kepwareFingerprint { arguments += ["--kepware-fingerprint", fingerprint] }
        if let passwordFile = kepware.kepwarePasswordFile { arguments += ["--kepware-password-file", file(passwordFile)] }
        if let keyFile = deviceKey.keyFile { arguments += ["--key-file", file(keyFile)] }
        if let ownerFile = hubOwner.ownerConnectionStringFile { arguments += ["--owner-connection-string-file", file(ownerFile)] }
        if let registryEndpoint = hubOwner.registryEndpoint { arguments += ["--registry-endpoint", registryEndpoint] }
        if let registryCa = hubOwner.registryCa { arguments += ["--registry-ca", file(registryCa)] }

        var secrets: [String] = []
        if kepware.kepwarePasswordFile == nil { secrets.append(KepwareConnectionOptions.passwordEnvironmentVariable) }
        if deviceKey.keyFile == nil && hubOwner.ownerConnectionStringFile == nil {
            secrets.append(hubOwner.ownerConnectionString == nil ? DeviceKeyOptions.environmentVariable : HubOwnerOptions.environmentVariable)
        }
        for (flag, given) in [("--key", deviceKey.key), ("--connection-string", deviceKey.connectionString),
                              ("--owner-connection-string", hubOwner.ownerConnectionString)] where given != nil {
            CommandOutput.note("\(flag) is not written into the unit: put it in the environment file the drop-in names")
        }
        let dropIn = SystemdRotationDropIn(executable: Self.runningExecutable, device: device.rawValue,
                                           arguments: arguments, secretVariables: secrets)
        print(dropIn.text, terminator: "")
    }

    /// This binary's real path (/usr/bin/kepedge from the package), which the daily run starts.
    private static var runningExecutable: String {
        let resolved = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return resolved.hasPrefix("/") && resolved != "/proc/self/exe" ? resolved : "/usr/bin/kepedge"
    }

    private static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    /// The device key from --key-file, KEPEDGE_DEVICE_KEY…, or else read from the registry with a hub-owner connection string.
    private func deviceKeyForRotation(hub: IoTHubHost, device: DeviceID) async throws -> SharedAccessKey {
        let environment = ProcessInfo.processInfo.environment
        if let given = try deviceKey.resolve(required: false, environment: environment) { return given.key }
        guard let (owner, source) = try hubOwner.owner(environment: environment) else {
            throw CLIFailure.input("no device key: give --key-file FILE or set \(DeviceKeyOptions.environmentVariable), or a hub-owner connection string (\(HubOwnerOptions.environmentVariable)) to read it from the registry")
        }
        if owner.hub != hub { throw CLIFailure.input("\(source) is for \(owner.hub.hostName), not \(hub.hostName)") }
        let client = try hubOwner.client(owner: owner, environment: environment)
        let read: RegistryDevice
        do { read = try await client.device(device.rawValue) } catch {
            await client.shutdown()
            throw CLIFailure.checkFailed(error.description)
        }
        await client.shutdown()
        guard let key = read.primaryKey else {
            throw CLIFailure.checkFailed("device \(device.rawValue) has no symmetric key in the registry (is it an X.509 device?)")
        }
        return key
    }
}
