import Foundation

/// Which IoT Edge configuration file a value came from.
public enum EdgeConfigFormat: String, Codable, Sendable, CaseIterable {
    /// `/etc/aziot/config.toml`, IoT Edge 1.2 and later.
    case toml = "config.toml"
    /// `/etc/iotedge/config.yaml`, IoT Edge 1.1.
    case yaml = "config.yaml"

    /// Where IoT Edge keeps this file.
    public var defaultPath: String {
        switch self {
        case .toml: return "/etc/aziot/config.toml"
        case .yaml: return "/etc/iotedge/config.yaml"
        }
    }

    /// The command that makes the daemon pick up an edited file.
    public var applyCommand: String {
        switch self {
        case .toml: return "sudo iotedge config apply"
        case .yaml: return "sudo systemctl restart iotedge"
        }
    }
}

/// What kepedge needs from the gateway's IoT Edge configuration.
///
/// Never holds a key: a manual connection string contributes only its `HostName` and `DeviceId`.
public struct EdgeConfig: Equatable, Codable, Sendable {
    /// The file this was read from.
    public var sourcePath: String
    public var format: EdgeConfigFormat
    /// `hostname` exactly as written in the file, or the machine's host name when config.toml sets none
    /// (see `hostnameSource`).
    public var hostname: String
    /// Where `hostname` came from; nil means the file's `hostname`.
    public var hostnameSource: EdgeConfigHostnameSource?
    /// config.toml configures no edge CA of its own (no `[edge_ca] cert` or `method`): aziot-edged generates the
    /// quickstart edge CA, a self-signed root held by aziot-certd (`RootCASource.quickstartEdgeCA`). Nil for 1.1.
    public var usesQuickstartEdgeCA: Bool?
    /// The trusted CA bundle as a local path: `trust_bundle_cert` (TOML) or
    /// `certificates.trusted_ca_certs` (YAML), with `file://` stripped.
    public var trustBundlePath: String?
    /// The edge CA certificate as a local path: `[edge_ca] cert` (TOML) or
    /// `certificates.device_ca_cert` (YAML). Nil when unset or not a file (for example a `pkcs11:` URI).
    public var edgeCACertPath: String?
    /// The IoT Hub host name from manual provisioning, when the file has one.
    public var hubHostName: String?
    /// The edge device's id from manual provisioning, when the file has one.
    public var edgeDeviceId: String?

    public init(
        sourcePath: String,
        format: EdgeConfigFormat,
        hostname: String,
        trustBundlePath: String? = nil,
        edgeCACertPath: String? = nil,
        hubHostName: String? = nil,
        edgeDeviceId: String? = nil
    ) {
        self.sourcePath = sourcePath
        self.format = format
        self.hostname = hostname
        self.trustBundlePath = trustBundlePath
        self.edgeCACertPath = edgeCACertPath
        self.hubHostName = hubHostName
        self.edgeDeviceId = edgeDeviceId
    }

    /// The name edgeHub's server certificate holds, and so the name clients must connect with.
    /// IoT Edge 1.1 lower-cases `hostname` for the certificate; 1.2+ uses it as written.
    public var certificateHostname: String {
        format == .yaml ? hostname.lowercased() : hostname
    }

    /// The names aziot-edged puts in edgeHub's server certificate: the hostname and `edgeHub`
    /// (iotedge `edgelet-http-workload/src/module/cert/server.rs`).
    public var expectedEdgeHubCertificateNames: [String] {
        [certificateHostname, "edgeHub"]
    }

    /// Whether `hostname` is the machine's host name because the file sets none.
    public var hostnameIsMachineName: Bool { hostnameSource == .machineHostname }

    /// The IoT Edge release this file belongs to: 1.1 (config.yaml) compares a token's hub case included.
    public var edgeRelease: IoTEdgeRelease { IoTEdgeRelease(configFormat: format) }

    /// Where the gateway name came from, for the engineer ("hostname in /etc/aziot/config.toml", or the machine's).
    public var hostnameExplanation: String {
        hostnameIsMachineName
            ? "the machine's host name (\(sourcePath) sets no hostname, so IoT Edge 1.2+ uses it for edgeHub's certificate)"
            : "hostname in \(sourcePath)"
    }

    /// What setting `hostname` in config.toml does, said whenever kepedge suggests it (issue 13 §3): apply
    /// re-issues edgeHub's server certificate for the new name, and changing it after provisioning can fail.
    public static let settingHostnameConsequence = "after `sudo iotedge config apply` aziot-edged issues edgeHub a new server certificate for the new name (every client must then dial that name), and changing hostname on a provisioned device can fail until its identity and certificates are re-created"

    /// True when 1.1's lower-casing changed the name: GatewayHostName must use the lower-case form.
    public var certificateHostnameWasLowercased: Bool {
        certificateHostname != hostname
    }
}

/// Where the gateway name in an `EdgeConfig` came from.
public enum EdgeConfigHostnameSource: String, Equatable, Codable, Sendable {
    /// The `hostname` setting of the file.
    case configFile = "config-file"
    /// config.toml sets none (1.2+ template leaves it commented out; `iotedge config mp` writes none): aziot-edged
    /// then uses the machine's host name (template.toml: `hostname` "overrides the default (machine) hostname"),
    /// read by kepedge with gethostname(2).
    case machineHostname = "machine-hostname"
}

extension EdgeConfig {
    /// The local file path a config value points at: `file:///var/secrets/x.pem` → `/var/secrets/x.pem`.
    ///
    /// Plain paths pass through (IoT Edge 1.1 accepted them). Returns nil for empty values, the
    /// template's `<ADD … HERE>` placeholders and non-file URIs such as `pkcs11:`.
    public static func localPath(fromConfigValue value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || isTemplatePlaceholder(trimmed) { return nil }
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("file://") {
            var path = String(trimmed.dropFirst("file://".count))
            if path.lowercased().hasPrefix("localhost/") { path = String(path.dropFirst("localhost".count)) }
            let decoded = path.removingPercentEncoding ?? path
            return decoded.isEmpty ? nil : decoded
        }
        // Any other scheme (pkcs11:, https:) is not a file we can read.
        if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains("/"), trimmed[..<colon].count > 1 {
            return nil
        }
        return trimmed
    }

    /// True for the values the IoT Edge templates ship with, such as `<ADD HOSTNAME HERE>`:
    /// the file was never filled in.
    public static func isTemplatePlaceholder(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("<") && trimmed.hasSuffix(">")
    }

    /// `HostName` and `DeviceId` from a device connection string. The key is read past, never kept.
    public static func hubIdentity(fromConnectionString connectionString: String) -> (hubHostName: String?, deviceId: String?) {
        var hubHostName: String?
        var deviceId: String?
        for field in connectionString.split(separator: ";") {
            guard let equals = field.firstIndex(of: "=") else { continue }
            let name = field[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = field[field.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, !isTemplatePlaceholder(value) else { continue }
            switch name {
            case "hostname": hubHostName = value
            case "deviceid": deviceId = value
            default: continue
            }
        }
        return (hubHostName, deviceId)
    }
}
