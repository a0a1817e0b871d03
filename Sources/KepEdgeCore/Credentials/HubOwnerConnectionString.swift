/// A hub-level connection string for a shared access policy, e.g. `iothubowner`:
/// `HostName=myhub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=…`.
public struct HubOwnerConnectionString: Equatable, Sendable, CustomStringConvertible {
    public let hub: IoTHubHost
    /// The policy name (`skn` in the SAS tokens it signs).
    public let policyName: String
    public let key: SharedAccessKey

    public init(hub: IoTHubHost, policyName: String, key: SharedAccessKey) {
        self.hub = hub
        self.policyName = policyName
        self.key = key
    }

    public init(parsing text: String) throws(ConnectionStringError) {
        let parts = try ConnectionStringParts(
            parsing: text, knownNames: ["HostName", "SharedAccessKeyName", "SharedAccessKey", "DeviceId", "ModuleId", "GatewayHostName"])
        if parts.values["DeviceId"] != nil {
            throw .wrongKind(expected: "a hub connection string (HostName;SharedAccessKeyName;SharedAccessKey)",
                             found: "a device connection string (it has DeviceId)")
        }
        for name in ["ModuleId", "GatewayHostName"] where parts.values[name] != nil {
            throw .unknownPart(name: name)
        }
        let hostText = try parts.required("HostName")
        do { hub = try IoTHubHost(parsing: hostText) } catch { throw .badHostName(error) }
        policyName = try parts.required("SharedAccessKeyName")
        let keyText = try parts.required("SharedAccessKey")
        do { key = try SharedAccessKey(base64: keyText) } catch { throw .badKey(error) }
    }

    /// The connection string, key included.
    public var connectionString: Secret {
        Secret("HostName=\(hub.hostName);SharedAccessKeyName=\(policyName);SharedAccessKey=\(key.base64.revealed)")
    }

    /// The connection string with the key masked.
    public var description: String {
        "HostName=\(hub.hostName);SharedAccessKeyName=\(policyName);SharedAccessKey=\(key.base64.masked)"
    }
}
