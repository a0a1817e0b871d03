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

    public init(
        edgeConfigTOMLPath: String = EdgeConfigFormat.toml.defaultPath,
        edgeConfigYAMLPath: String = EdgeConfigFormat.yaml.defaultPath,
        certGenFolder: String? = nil,
        hostsFilePath: String = "/etc/hosts",
        resolveTimeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(3)
    ) {
        self.edgeConfigTOMLPath = edgeConfigTOMLPath
        self.edgeConfigYAMLPath = edgeConfigYAMLPath
        self.certGenFolder = certGenFolder
        self.hostsFilePath = hostsFilePath
        self.resolveTimeout = resolveTimeout
        self.connectTimeout = connectTimeout
    }

    var edgeConfigReader: EdgeConfigReader {
        EdgeConfigReader(tomlPath: edgeConfigTOMLPath, yamlPath: edgeConfigYAMLPath)
    }
}
