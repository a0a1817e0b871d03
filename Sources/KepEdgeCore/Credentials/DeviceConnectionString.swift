/// A device connection string: `HostName=…;DeviceId=…;SharedAccessKey=…[;GatewayHostName=…]`.
/// `GatewayHostName` is where the device connects (the IoT Edge gateway); `HostName` stays the hub,
/// which is what the SAS audience and the MQTT username name.
public struct DeviceConnectionString: Equatable, Sendable, CustomStringConvertible {
    public let hub: IoTHubHost
    public let device: DeviceID
    public let key: SharedAccessKey
    public let gatewayHostName: String?

    public init(hub: IoTHubHost, device: DeviceID, key: SharedAccessKey, gatewayHostName: String? = nil) {
        self.hub = hub
        self.device = device
        self.key = key
        self.gatewayHostName = gatewayHostName
    }

    public init(parsing text: String) throws(ConnectionStringError) {
        let parts = try ConnectionStringParts(
            parsing: text, knownNames: ["HostName", "DeviceId", "SharedAccessKey", "GatewayHostName", "SharedAccessKeyName", "ModuleId"])
        if parts.values["SharedAccessKeyName"] != nil {
            throw .wrongKind(expected: "a device connection string (HostName;DeviceId;SharedAccessKey)",
                             found: "a hub policy connection string (it has SharedAccessKeyName)")
        }
        if parts.values["ModuleId"] != nil { throw .unknownPart(name: "ModuleId") }
        let hostText = try parts.required("HostName")
        do { hub = try IoTHubHost(parsing: hostText) } catch { throw .badHostName(error) }
        let idText = try parts.required("DeviceId")
        do { device = try DeviceID(validating: idText) } catch { throw .badDeviceID(error) }
        let keyText = try parts.required("SharedAccessKey")
        do { key = try SharedAccessKey(base64: keyText) } catch { throw .badKey(error) }
        if let gateway = parts.values["GatewayHostName"] {
            if let problem = HostNameSyntax.problem(in: gateway) {
                throw .badGatewayHostName(reason: HostNameSyntax.describe(problem))
            }
            gatewayHostName = gateway
        } else {
            gatewayHostName = nil
        }
    }

    /// The connection string, key included.
    public var connectionString: Secret { Secret(render(key: key.base64.revealed)) }

    /// The connection string with the key masked.
    public var description: String { render(key: key.base64.masked) }

    private func render(key: String) -> String {
        var text = "HostName=\(hub.hostName);DeviceId=\(device.rawValue);SharedAccessKey=\(key)"
        if let gatewayHostName { text += ";GatewayHostName=\(gatewayHostName)" }
        return text
    }
}
