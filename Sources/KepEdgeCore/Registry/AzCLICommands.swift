/// The `az` commands that register Kepware's device under the edge device, for engineers without a
/// hub-owner key (they sign in with `az login` instead). Today's syntax of the azure-iot extension.
public enum AzCLICommands {
    /// The commands, in order, with the user's values filled in and shell-quoted.
    public static func register(hub: IoTHubHost, device: DeviceID, edgeDevice: DeviceID) -> [String] {
        let hubName = shellQuote(hub.name)
        let id = shellQuote(device.rawValue)
        let edge = shellQuote(edgeDevice.rawValue)
        return [
            "az extension add --name azure-iot",
            "az iot hub device-identity create -n \(hubName) -d \(id) --device-scope \"$(az iot hub device-identity show -n \(hubName) -d \(edge) --query deviceScope -o tsv)\"",
            "# if the device already exists, make the edge device its parent instead:",
            "az iot hub device-identity parent set --device-id \(id) --parent-device-id \(edge) -n \(hubName)",
            "az iot hub device-identity connection-string show -n \(hubName) -d \(id)",
        ]
    }

    /// Single-quotes a value when it holds anything a shell would interpret.
    public static func shellQuote(_ value: String) -> String {
        let safe = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._:@=,/".contains($0)) }
        if safe && !value.isEmpty { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
