import Foundation
import KepEdgeCore

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
    public var edgeHubLogCommands: [EdgeHubLogFollower.Command]

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

    func edgeHubLogFollower(deviceID: String?) -> EdgeHubLogFollower {
        EdgeHubLogFollower(deviceID: deviceID, commands: edgeHubLogCommands)
    }

    var edgeConfigReader: EdgeConfigReader {
        EdgeConfigReader(tomlPath: edgeConfigTOMLPath, yamlPath: edgeConfigYAMLPath)
    }
}
