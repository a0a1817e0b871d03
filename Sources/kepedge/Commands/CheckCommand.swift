import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeRuntime

/// `kepedge check`: every step's checks, headless, in order, like `iotedge check`. Drives the same
/// wizard the terminal UI runs, so the verdicts are the ones the screens show.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the checks of all six steps headless: certificate, names, device, SAS token, agent, validation.",
        discussion: """
            Inputs come from the flags, else from --session FILE, else from the IoT Edge config.
            A check that lacks its inputs is reported as skipped with the reason.
            Step 3 reads the registry when a hub-owner connection string is given (--hub-owner-file or \(HubOwnerOptions.environmentVariable)); \
            step 5 reads Kepware's Configuration API when its password is given (--kepware-password-file or \(KepwareConnectionOptions.passwordEnvironmentVariable)). \
            With the same connection string, step 6 reads IoT Hub's built-in endpoint (AMQPS 5671) for --flow-seconds: \
            the device's messages arrive, and within how long. Nothing is created or changed.
            Exit 0 without errors (warnings allowed), 1 with errors, 2 for bad input.
            --output json prints {"checks":[…],"summary":{…}} (see docs/check-json.md).
            """
    )

    @Option(help: "The gateway's name, exactly as the Kepware agent connects with it (default: the config's hostname).")
    var gateway: String?

    @Option(help: "edgeHub's MQTT-over-TLS port.")
    var port: Int?

    @Option(help: "Root CA file (default: trust_bundle_cert from the IoT Edge config).")
    var ca: String?

    @Option(name: .customLong("edge-device"), help: "The IoT Edge device id (the parent).")
    var edgeDevice: String?

    @Option(help: "IoT Edge config file (default: /etc/aziot/config.toml, then /etc/iotedge/config.yaml).")
    var config: String?

    @Option(help: "A wizard session file to take the inputs from.")
    var session: String?

    @OptionGroup var hubDevice: HubDeviceOptions
    @OptionGroup var deviceKey: DeviceKeyOptions
    @OptionGroup var hubOwner: HubOwnerOptions
    @OptionGroup var kepware: KepwareConnectionOptions

    @Option(name: .customLong("broker-log"), help: ArgumentHelp("A mosquitto log file (the lab broker's) to scan for errors about the device in the last 5 minutes.", valueName: "file"))
    var brokerLog: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("A file holding a SAS token to check (or set \(DeviceTokenInput.environmentVariable)); used when no device key is given.", valueName: "file"))
    var tokenFile: String?

    @Option(help: "Lifetime of the SAS token generated from the device key: 30d, 12h, 90m (default: the session's, else 30d).")
    var lifetime: String?

    @Option(help: "text or json.")
    var output: CheckOutputFormat = .text

    @Flag(help: "Same as --output json.")
    var json = false

    @Flag(name: .customLong("probe-as-device"), help: "Connect as the device in step 6 even when Kepware's agent is configured or connected (edgeHub then closes Kepware's session once).")
    var probeAsDevice = false

    @Flag(name: .customLong("warnings-as-errors"), help: "Exit 1 when a check warns.")
    var warningsAsErrors = false

    @Option(name: .customLong("edgehub-metrics"), help: ArgumentHelp("edgeHub's metrics URL (default: found with docker inspect edgeHub: a host port mapped to 9600, else its address on the azure-iot-edge network).", valueName: "url"))
    var edgeHubMetrics: String?

    @OptionGroup var hubEventsEndpoint: HubEventsEndpointOptions

    @Option(name: .customLong("flow-seconds"), help: "Seconds to watch the flow: between the two scrapes of edgeHub's counters, and listening to IoT Hub's endpoint (at least one agent publish interval).")
    var flowSeconds: Double = 15

    @Option(name: .customLong("step-timeout"), help: "Seconds allowed for each step's checks.")
    var stepTimeout: Double = 20

    func run() async throws {
        try NumberOptions.port(port)
        try NumberOptions.seconds(stepTimeout, option: "--step-timeout", in: 0.1...600)
        try kepware.validateNumbers()
        try NumberOptions.seconds(flowSeconds, option: "--flow-seconds", in: 0.5...600)
        if let edgeHubMetrics, URL(string: edgeHubMetrics)?.scheme != "http" || URL(string: edgeHubMetrics)?.host == nil {
            throw CLIFailure.input("--edgehub-metrics \(edgeHubMetrics): not an http:// URL; give edgeHub's, e.g. http://172.18.0.3:9600/metrics")
        }
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw CLIFailure.input("--config \(config): no such file; give the IoT Edge config (/etc/aziot/config.toml)")
        }
        if let brokerLog, !FileManager.default.isReadableFile(atPath: brokerLog) {
            throw CLIFailure.input("--broker-log \(brokerLog): no such readable file; give the lab broker's mosquitto log")
        }
        let environment = ProcessInfo.processInfo.environment
        let key = try deviceKey.resolve(required: false)
        let owner = try hubOwner.owner(environment: environment)
        let kepwarePassword = try kepware.password(environment: environment)
        let brokerLogText = try brokerLog.map { path in (path: path, text: try readBrokerLog(path)) }
        let now = Date()
        var configuration = WizardRuntimeConfiguration.readingEdgeConfig(config)
        configuration.registryEndpointOverride = try hubOwner.endpointOverride()
        configuration.registryCAFile = hubOwner.registryCa
        configuration.kepwareConnector = kepwareConnector(environment: environment)
        let driver = WizardDriver(state: try initialState(now: now), configuration: configuration)
        defer { driver.shutdown() }
        try await fillInputs(driver, key: key)
        if let owner {
            if driver.state.device.hubText.isEmpty { driver.send(.device(.hubChanged(owner.owner.hub.hostName))) }
            driver.send(.device(.ownerConnectionStringChanged(owner.owner.connectionString)))
        }
        if kepwarePassword != nil { try fillKepware(driver, environment: environment) }

        var inputs = CheckRun.Inputs(
            registryNotGivenReason: owner == nil
                ? "no hub-owner connection string: give --hub-owner-file FILE or set \(HubOwnerOptions.environmentVariable)" : nil,
            kepwareNotGivenReason: kepwarePassword == nil
                ? "no Kepware password: give --kepware-password-file FILE or set \(KepwareConnectionOptions.passwordEnvironmentVariable), with --kepware-host/--kepware-https or --session FILE" : nil)
        inputs.givenToken = key == nil ? try readToken() : nil
        inputs.probeAsDevice = probeAsDevice
        inputs.brokerLog = brokerLogText
        inputs.edgeHubMetrics = edgeHubMetrics
        inputs.flowInterval = .milliseconds(Int(flowSeconds * 1000))
        inputs.searchPath = environment["PATH"]
        inputs.hubEvents = try hubEventsEndpoint.endpoint()
        let report = await CheckRun(driver: driver, timeout: .milliseconds(Int(stepTimeout * 1000))).everyStep(inputs)
        if json || output == .json {
            try JSONOutput.print(report)
        } else {
            print(report.text, terminator: "")
        }
        let failing = report.summary.errors + (warningsAsErrors ? report.summary.warnings : 0)
        if failing > 0 {
            let what = warningsAsErrors ? "error or warning" : "error"
            throw CLIFailure.checkFailed("\(failing) check \(what)\(failing == 1 ? "" : "s"); see the fix lines above")
        }
    }

    /// Step 5 reaches Kepware as the flags say (`--kepware-ca`, `--kepware-fingerprint`), never asking:
    /// check runs headless. A connection that fails is the `kepware-api` check's error.
    private func kepwareConnector(environment: [String: String]) -> @Sendable (KepwareLogin) async -> Result<KepwareConfigClient, StepFailure> {
        let options = kepware
        return { login in
            var session = AgentStep.State()
            session.kepwareURLText = "\(login.endpoint.https ? "https" : "http")://\(login.endpoint.host):\(login.endpoint.port)"
            session.kepwareUser = login.user
            session.kepwareFingerprintText = login.trustedFingerprint ?? ""
            do {
                return .success(try await options.connect(environment: environment, session: session, mayAsk: false))
            } catch let failure as CLIFailure {
                return .failure(StepFailure(failure.message))
            } catch {
                return .failure(StepFailure("\(error)"))
            }
        }
    }

    /// The Configuration API's address and user from the flags (else the session), for step 5's read.
    private func fillKepware(_ driver: WizardDriver, environment: [String: String]) throws {
        let endpoint = try kepware.endpoint(session: driver.state.agent)
        driver.send(.agent(.kepwareURLChanged("\(endpoint.https ? "https" : "http")://\(endpoint.host):\(endpoint.port)")))
        if let user = kepware.kepwareUser { driver.send(.agent(.kepwareUserChanged(user))) }
        if let fingerprint = kepware.kepwareFingerprint { driver.send(.agent(.kepwareFingerprintChanged(fingerprint))) }
    }

    private func readBrokerLog(_ path: String) throws -> String {
        // Its last 16 MiB, a regular file only (a FIFO or /dev/zero must not hang check).
        do { return String(decoding: try BoundedFile.readTail(path: path, limit: 16 * 1024 * 1024), as: UTF8.self) } catch {
            throw CLIFailure.input("--broker-log \(path) \(error.description); give the lab broker's log file")
        }
    }

    /// A token from `--token-file` or the environment; malformed is an input error (exit 2).
    private func readToken() throws -> SASToken? {
        let picked = try SecretSourceChoice.pick([
            .init(name: "--token-file", value: tokenFile, kind: .file),
            SecretSourceChoice.environment(DeviceTokenInput.environmentVariable, in: ProcessInfo.processInfo.environment),
        ], what: "the SAS token")
        guard let (source, text) = picked else { return nil }
        do { return try SASToken(parsing: text) } catch { throw CLIFailure.input("\(source): \(error.description)") }
    }

    private func initialState(now: Date) throws -> Wizard.State {
        guard let session else { return Wizard.State(now: now) }
        do {
            guard let saved = try SessionStore(path: session).load() else {
                throw CLIFailure.input("--session \(session): no such session file; give the file kepedge saved")
            }
            return saved.restoredState(now: now)
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.input("--session \(session): \(error)")
        }
    }

    /// Flags win over the session; the IoT Edge config fills what is still empty.
    private func fillInputs(_ driver: WizardDriver, key: DeviceKeyOptions.Resolved?) async throws {
        let needsConfig = driver.state.names.gatewayHost.isEmpty || driver.state.certificate.caPath.isEmpty
        if config != nil || (needsConfig && (gateway == nil || ca == nil)) {
            await driver.send(.names(.readEdgeConfig), awaiting: .names, timeout: .seconds(5))
        }
        if let gateway { driver.send(.names(.gatewayHostChanged(gateway))) }
        if let port { driver.send(.names(.portChanged(String(port)))) }
        if let ca { driver.send(.certificate(.caPathChanged(ca))) }
        let hub = try hubDevice.hub.map { _ in try hubDevice.resolvedHub(fallback: key?.connectionString?.hub, fallbackSource: "--connection-string") }
            ?? key?.connectionString?.hub
        let device = try hubDevice.device.map { _ in try hubDevice.resolvedDevice(fallback: key?.connectionString?.device, fallbackSource: "--connection-string") }
            ?? key?.connectionString?.device
        if let hub { driver.send(.device(.hubChanged(hub.hostName))) }
        if let device { driver.send(.device(.deviceIDChanged(device.rawValue))) }
        if let edgeDevice { driver.send(.device(.edgeDeviceIDChanged(edgeDevice))) }
        if let key { driver.send(.device(.credentialPasted(key.key.base64))) }
        if let lifetime {
            do {
                _ = try TokenLifetime(parsing: lifetime)
            } catch {
                throw CLIFailure.input("--lifetime \(lifetime): \(error); give e.g. 30d, 12h or 90m")
            }
            driver.send(.sas(.lifetimeChanged(lifetime)))
        }
    }
}

/// `--output text|json`.
enum CheckOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
