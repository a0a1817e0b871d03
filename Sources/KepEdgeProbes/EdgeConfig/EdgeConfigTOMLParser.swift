import Foundation
import KepEdgeCore
import TOMLKit

/// IoT Edge 1.2+ `config.toml` → `EdgeConfig` (see iotedge `edgelet/contrib/config/linux/template.toml`).
enum EdgeConfigTOMLParser {
    /// - Parameter machineHostname: the machine's host name, used when the file sets no `hostname` as aziot-edged
    ///   does (template.toml: `hostname` "overrides the default (machine) hostname"); nil when it cannot be read.
    static func parse(_ text: String, path: String, machineHostname: String?) throws(EdgeConfigError) -> EdgeConfig {
        // toml++ aborts the process on some malformed keys instead of throwing: refuse those first.
        if let problem = TOMLKeySyntax.firstProblem(in: text) {
            throw EdgeConfigError(path: path, problem: .malformed(parserMessage: problem.message, line: problem.line))
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw EdgeConfigError(path: path, problem: .malformed(parserMessage: error.description, line: error.source.begin.line))
        } catch {
            throw EdgeConfigError(path: path, problem: .malformed(parserMessage: "\(error)", line: nil))
        }

        var config: EdgeConfig
        if let hostname = usable(root["hostname"]?.string) {
            config = EdgeConfig(sourcePath: path, format: .toml, hostname: hostname)
        } else if root["hostname"] == nil, let machine = machineHostname.flatMap(usable) {
            // Absent (not blank, not a table): aziot-edged falls back to the machine's name; so does kepedge.
            config = EdgeConfig(sourcePath: path, format: .toml, hostname: machine)
            config.hostnameSource = .machineHostname
        } else {
            throw EdgeConfigError(path: path, problem: .missingHostname)
        }
        config.trustBundlePath = usable(root["trust_bundle_cert"]?.string).flatMap(EdgeConfig.localPath(fromConfigValue:))
        let edgeCA = root["edge_ca"]?.table
        config.edgeCACertPath = usable(edgeCA?["cert"]?.string).flatMap(EdgeConfig.localPath(fromConfigValue:))
        // iotedge `edgelet/iotedge/src/config/apply.rs`: `edge_ca.unwrap_or(EdgeCa::Quickstart { .. })`; a section
        // with `cert` (Preloaded) or `method` (Issued) is the engineer's own CA.
        config.usesQuickstartEdgeCA = edgeCA?["cert"] == nil && edgeCA?["method"] == nil

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
