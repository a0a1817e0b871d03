import Foundation
import KepEdgeCore
import Yams

/// IoT Edge 1.1 `config.yaml` → `EdgeConfig` (see iotedge `release/1.1` `edgelet/contrib/config/linux/debian/config.yaml`).
enum EdgeConfigYAMLParser {
    static func parse(_ text: String, path: String) throws(EdgeConfigError) -> EdgeConfig {
        // Composed into nodes, never constructed into Swift dictionaries: Yams' constructor force-unwraps a
        // mapping key as a string and traps on `{ {a: b}: c }` (found by the edge-config fuzz target; FUZZING.md).
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw EdgeConfigError(path: path, problem: malformed(error))
        } catch {
            throw EdgeConfigError(path: path, problem: .malformed(parserMessage: "\(error)", line: nil))
        }
        guard let root = composed, root.mapping != nil else {
            throw EdgeConfigError(path: path, problem: .malformed(parserMessage: "the top level is not a mapping of settings", line: nil))
        }

        guard let hostname = usable(root["hostname"]) else {
            throw EdgeConfigError(path: path, problem: .missingHostname)
        }
        var config = EdgeConfig(sourcePath: path, format: .yaml, hostname: hostname)

        // The certificates section is commented out by default; then the daemon makes its own quickstart CA.
        if let certificates = root["certificates"], certificates.mapping != nil {
            config.trustBundlePath = usable(certificates["trusted_ca_certs"]).flatMap(EdgeConfig.localPath(fromConfigValue:))
            config.edgeCACertPath = usable(certificates["device_ca_cert"]).flatMap(EdgeConfig.localPath(fromConfigValue:))
        }

        if let provisioning = root["provisioning"], provisioning.mapping != nil {
            if let connectionString = usable(provisioning["device_connection_string"]) {
                let identity = EdgeConfig.hubIdentity(fromConnectionString: connectionString)
                config.hubHostName = identity.hubHostName
                config.edgeDeviceId = identity.deviceId
            }
            // Manual provisioning with X.509 puts the hub and id under `authentication`.
            let authentication = provisioning["authentication"].flatMap { $0.mapping != nil ? $0 : nil }
            config.hubHostName = usable(provisioning["iothub_hostname"]) ?? usable(authentication?["iothub_hostname"]) ?? config.hubHostName
            config.edgeDeviceId = usable(provisioning["device_id"]) ?? usable(authentication?["device_id"]) ?? config.edgeDeviceId
        }
        return config
    }

    private static func malformed(_ error: YamlError) -> EdgeConfigError.Problem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .malformed(parserMessage: problem, line: mark.line)
        case .reader(let problem, _, _, _):
            return .malformed(parserMessage: problem, line: nil)
        default:
            return .malformed(parserMessage: "\(error)", line: nil)
        }
    }

    /// A scalar's text (a host name like `1234` is as good as `gw01`). Nil for missing, null (`~`), blank,
    /// placeholder values and for mappings or sequences.
    private static func usable(_ node: Node?) -> String? {
        guard let scalar = node?.scalar, node?.null == nil else { return nil }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !EdgeConfig.isTemplatePlaceholder(text) else { return nil }
        return text
    }
}
