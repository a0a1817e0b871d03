import Foundation
import KepEdgeCore
import TOMLKit

/// IoT Edge 1.2+ `config.toml` → `EdgeConfig` (see iotedge `edgelet/contrib/config/linux/template.toml`).
enum EdgeConfigTOMLParser {
    static func parse(_ text: String, path: String) throws(EdgeConfigError) -> EdgeConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw EdgeConfigError(path: path, problem: .malformed(parserMessage: error.description, line: error.source.begin.line))
        } catch {
            throw EdgeConfigError(path: path, problem: .malformed(parserMessage: "\(error)", line: nil))
        }

        guard let hostname = usable(root["hostname"]?.string) else {
            throw EdgeConfigError(path: path, problem: .missingHostname)
        }
        var config = EdgeConfig(sourcePath: path, format: .toml, hostname: hostname)
        config.trustBundlePath = usable(root["trust_bundle_cert"]?.string).flatMap(EdgeConfig.localPath(fromConfigValue:))
        config.edgeCACertPath = usable(root["edge_ca"]?.table?["cert"]?.string).flatMap(EdgeConfig.localPath(fromConfigValue:))

        if let provisioning = root["provisioning"]?.table {
            if let connectionString = usable(provisioning["connection_string"]?.string) {
                let identity = EdgeConfig.hubIdentity(fromConnectionString: connectionString)
                config.hubHostName = identity.hubHostName
                config.edgeDeviceId = identity.deviceId
            }
            config.hubHostName = usable(provisioning["iothub_hostname"]?.string) ?? config.hubHostName
            config.edgeDeviceId = usable(provisioning["device_id"]?.string) ?? config.edgeDeviceId
        }
        return config
    }

    /// Nil for missing, blank and template-placeholder values.
    private static func usable(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty,
              !EdgeConfig.isTemplatePlaceholder(trimmed) else { return nil }
        return trimmed
    }
}
