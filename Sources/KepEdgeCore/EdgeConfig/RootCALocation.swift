/// Where a root CA file can come from, in the order kepedge tries them.
public enum RootCASource: Equatable, Codable, Sendable {
    /// The path the user typed.
    case typed
    /// `trust_bundle_cert` in an IoT Edge 1.2+ `config.toml` (the file's path).
    case trustBundleCert(configPath: String)
    /// `certificates.trusted_ca_certs` in an IoT Edge 1.1 `config.yaml` (the file's path).
    case trustedCACerts(configPath: String)
    /// certGen.sh's dev/test root under a certificate folder.
    case certGenFolder(folder: String)
    /// IoT Edge 1.2+'s quickstart edge CA (config.toml sets no `[edge_ca]` of its own): a self-signed root that
    /// aziot-certd keeps as cert id `aziot-edged-ca` in `/var/lib/aziot/certd/certs/aziotedgedca-<sha256 of the
    /// id>.cer` (iot-identity-service `cert/aziot-certd-config/src/util.rs` `get_path`; iotedge
    /// `edgelet/iotedge/src/config/apply.rs` puts it in the trust bundle). It renews itself at 80% of its lifetime
    /// (90 days by default), so the Kepware host must import the new root each time.
    case quickstartEdgeCA(configPath: String)

    /// Where the path came from, in words.
    public var explanation: String {
        switch self {
        case .typed: return "the path you gave"
        case .trustBundleCert(let configPath): return "trust_bundle_cert in \(configPath)"
        case .trustedCACerts(let configPath): return "certificates.trusted_ca_certs in \(configPath)"
        case .certGenFolder(let folder): return "certGen.sh's test root under \(folder)"
        case .quickstartEdgeCA(let configPath):
            return "IoT Edge's quickstart edge CA (\(configPath) configures no edge CA; aziot-certd keeps it; it renews itself, re-import it on the Kepware host after each renewal)"
        }
    }
}

/// One place looked at that did not give a usable file, and why.
public struct RootCACandidate: Equatable, Codable, Sendable {
    public var source: RootCASource
    /// The path tried, or nil when the source had no value (the config does not set it).
    public var path: String?
    public var reason: String

    public init(source: RootCASource, path: String?, reason: String) {
        self.source = source
        self.path = path
        self.reason = reason
    }

    /// "trust_bundle_cert in /etc/aziot/config.toml: /var/secrets/root.pem does not exist"
    public var summary: String {
        "\(source.explanation): " + (path.map { "\($0) \(reason)" } ?? reason)
    }
}

/// The outcome of looking for the root CA the gateway's certificate chains to.
public struct RootCALocation: Equatable, Codable, Sendable {
    /// The file found, or nil when no place gave one.
    public var path: String?
    public var source: RootCASource?
    /// The places tried before the one found (all of them when nothing was found), so a typed path
    /// that did not exist is reported, not silently replaced.
    public var skipped: [RootCACandidate]

    public init(path: String?, source: RootCASource?, skipped: [RootCACandidate]) {
        self.path = path
        self.source = source
        self.skipped = skipped
    }

    public var found: Bool { path != nil }
}
