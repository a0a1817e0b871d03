/// Which spelling of the hub host name to use in `sr`, the agent's username and the card, and whether the engineer's
/// differs from the gateway's (issue 13 §1).
///
/// edgeHub compares a token's audience host with the hub of its *own* connection string (`[provisioning]
/// connection_string` or `iothub_hostname` in config.toml; `provisioning.device_connection_string` in 1.1's
/// config.yaml): IoT Edge 1.1 case included, 1.2+ ignoring case (`IoTEdgeRelease`). So the config's spelling wins.
public enum HubSpelling {
    /// The spelling to use: the gateway config's when it names the same hub, else the one given.
    public static func preferred(given: IoTHubHost, configured: String?) -> IoTHubHost {
        guard let configured, let fromConfig = try? IoTHubHost(parsing: configured), fromConfig.isSameHub(as: given) else {
            return given
        }
        return fromConfig
    }

    /// `hub-spelling`: ok when the given hub is spelt as the gateway's config spells it; a warning (1.2+) or an error
    /// (1.1) when the two differ only in case; nil when the config names no hub or another hub (other checks say so).
    public static func check(given: IoTHubHost, configured: String?, configPath: String, release: IoTEdgeRelease) -> CheckResult? {
        guard let configured, let fromConfig = try? IoTHubHost(parsing: configured), fromConfig.isSameHub(as: given) else {
            return nil
        }
        if !given.differsOnlyInCase(from: fromConfig) {
            return CheckResult(id: .hubSpelling, title: "hub \(given.hostName), spelt as \(configPath) spells it", status: .ok)
        }
        let fix = "Use \(fromConfig.hostName) exactly (kepedge sas --hub \(fromConfig.hostName) …), as \(configPath) spells it, in the token and the agent's username"
        switch release {
        case .v1_1:
            return CheckResult(id: .hubSpelling, title: "hub \(given.hostName) differs in case from \(fromConfig.hostName) in \(configPath): IoT Edge 1.1 refuses the token",
                               status: .error, details: ["IoT Edge 1.1's edgeHub compares the token's hub with its connection string's case included"], fix: fix)
        case .v1_2OrLater:
            return CheckResult(id: .hubSpelling, title: "hub \(given.hostName) differs in case from \(fromConfig.hostName) in \(configPath)",
                               status: .warning, details: ["IoT Edge 1.2+ ignores the case; 1.1 would refuse the token"], fix: fix)
        }
    }
}
