/// Which IoT Edge runtime the gateway runs, where it changes how edgeHub judges a client.
///
/// The one difference kepedge needs: how edgeHub compares a SAS token's audience host with the hub name of its own
/// connection string. IoT Edge 1.1 compares case-sensitively (`this.iothubHostName.Equals(hostName)` in
/// `edge-hub/core/src/Microsoft.Azure.Devices.Edge.Hub.CloudProxy/authenticators/DeviceScopeTokenAuthenticator.cs`,
/// release/1.1); 1.2 and later use `StringComparison.OrdinalIgnoreCase` (Azure/iotedge PR #3817 on main, PR #3824).
public enum IoTEdgeRelease: String, Equatable, Sendable, Codable, CaseIterable {
    /// IoT Edge 1.1 (LTS, `/etc/iotedge/config.yaml`).
    case v1_1 = "1.1"
    /// IoT Edge 1.2 to 1.5 (`/etc/aziot/config.toml`).
    case v1_2OrLater = "1.2+"

    /// The release a configuration file format belongs to: config.yaml is 1.1's, config.toml 1.2's and later.
    public init(configFormat: EdgeConfigFormat) {
        self = configFormat == .yaml ? .v1_1 : .v1_2OrLater
    }

    /// Whether edgeHub compares the audience host with its hub name case included.
    public var comparesAudienceCaseSensitively: Bool { self == .v1_1 }
}
