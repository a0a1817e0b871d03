import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Where the runtime looks for things and how long it waits for them.
public struct WizardRuntimeConfiguration: Sendable {
    /// IoT Edge 1.2+ config (`/etc/aziot/config.toml` on a gateway).
    public var edgeConfigTOMLPath: String
    /// IoT Edge 1.1 config (`/etc/iotedge/config.yaml`).
    public var edgeConfigYAMLPath: String
    /// certGen.sh's folder, tried last when looking for the root CA.
    public var certGenFolder: String?
    /// The hosts file read for the name check.
    public var hostsFilePath: String
    public var resolveTimeout: Duration
    public var connectTimeout: Duration
    /// The commands that print edgeHub's log (`iotedge logs -f edgeHub`, else `docker logs -f edgeHub`).
    /// Empty: edgeHub's log is not followed (a lab, whose broker log plays it).
    public var edgeHubLogCommands: [EdgeHubLogFollower.Command]
    /// Where `kepedge check` reads edgeHub's log of the last 5 minutes (step 6): `iotedge logs --since 5m edgeHub`,
    /// else `docker logs …`, found on our `PATH`.
    public var edgeHubRecentLog: any EdgeHubRecentLogSource = EdgeHubRecentLog()
    /// More event streams for the message pane, besides edgeHub's log (the lab's broker log, a subscription).
    public var eventSources: [WizardEventSource] = []
    /// edgeHub's metrics for step 6's Flow row and pane lines: nil off, `.discover` (docker inspect edgeHub) or a URL.
    public var edgeHubMetrics: EdgeHubMetricsChoice?
    /// How often edgeHub's metrics are scraped.
    public var edgeHubMetricsInterval: Duration = .seconds(5)
    /// How long a restarted follow (and every IoT Hub reader) waits before it opens anything: a log command, a
    /// metrics scrape, an IoT Hub connection. Typing step 3's device id restarts the followers at every key; one
    /// replaced within this time never starts, so a 14-letter id costs one IoT Hub connection, not 14.
    public var followSettleDelay: Duration = .milliseconds(400)
    /// Step 6's Hub row: where IoT Hub's built-in endpoint is read once step 3 has a hub-owner connection
    /// string (the real hub by default; a lab's endpoint; nil: not read).
    public var hubEvents: HubEventsEndpoint? = HubEventsEndpoint()

    /// Step 3: connect to this `host:port` instead of the hub (a test hub); the SAS audience stays the hub.
    public var registryEndpointOverride: (host: String, port: Int)?
    /// Step 3: an extra trusted root (PEM) for the registry, e.g. a TLS-inspecting proxy's CA or the lab hub's CA.
    public var registryCAFile: String?
    public var registryConnectTimeout = 10
    public var registryReadTimeout = 20
    /// Proxy variables (`https_proxy`, `no_proxy`) for the registry.
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Step 5: Kepware's instance certificate to trust for HTTPS (else the fingerprint the engineer confirmed).
    public var kepwareCertificateFile: String?
    /// Step 5: how to reach Kepware instead of the runtime's own trust rules (`kepedge check` connects with
    /// its flags: `--kepware-ca`, a pinned fingerprint). The client is shut down by the effect that used it.
    public var kepwareConnector: (@Sendable (KepwareLogin) async -> Result<KepwareConfigClient, StepFailure>)?
    /// Step 5: seconds to wait for each Configuration API answer.
    public var kepwareTimeout = 15
    /// Step 5: how long to wait for `MQTT agent '…' is connected to broker '…'` in Kepware's event log.
    public var agentConnectTimeout: TimeInterval = 60
    public var agentPollInterval: TimeInterval = 2

    public init(
        edgeConfigTOMLPath: String = EdgeConfigFormat.toml.defaultPath,
        edgeConfigYAMLPath: String = EdgeConfigFormat.yaml.defaultPath,
        certGenFolder: String? = nil,
        hostsFilePath: String = "/etc/hosts",
        resolveTimeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(3),
        edgeHubLogCommands: [EdgeHubLogFollower.Command] = EdgeHubLogFollower.standardCommands
    ) {
        self.edgeHubLogCommands = edgeHubLogCommands
        self.edgeConfigTOMLPath = edgeConfigTOMLPath
        self.edgeConfigYAMLPath = edgeConfigYAMLPath
        self.certGenFolder = certGenFolder
        self.hostsFilePath = hostsFilePath
        self.resolveTimeout = resolveTimeout
        self.connectTimeout = connectTimeout
    }

    /// The configuration that reads only `config` (as TOML, or YAML by its extension), so the other
    /// default location cannot be picked up instead (`--config FILE`, a lab's config.toml). Nil: the defaults.
    public static func readingEdgeConfig(_ config: String?) -> WizardRuntimeConfiguration {
        var configuration = WizardRuntimeConfiguration()
        if let config {
            let missing = "/nonexistent/kepedge-no-config"
            let isYAML = config.hasSuffix(".yaml") || config.hasSuffix(".yml")
            configuration.edgeConfigTOMLPath = isYAML ? missing : config
            configuration.edgeConfigYAMLPath = isYAML ? config : missing
        }
        return configuration
    }

    func edgeHubLogFollower(deviceID: String?) -> EdgeHubLogFollower {
        EdgeHubLogFollower(deviceID: deviceID, commands: edgeHubLogCommands)
    }

    func registryOptions() -> RegistryClientOptions {
        var options = RegistryClientOptions()
        options.endpointOverride = registryEndpointOverride
        options.extraRootFile = registryCAFile
        options.connectTimeout = registryConnectTimeout
        options.readTimeout = registryReadTimeout
        options.environment = environment
        return options
    }

    var edgeConfigReader: EdgeConfigReader {
        EdgeConfigReader(tomlPath: edgeConfigTOMLPath, yamlPath: edgeConfigYAMLPath)
    }
}
