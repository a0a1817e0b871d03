import Foundation
import KepEdgeCore

/// Finds the root CA file the gateway's certificate chains to, trying in order: the path the user
/// typed; `trust_bundle_cert` from config.toml; `trusted_ca_certs` from config.yaml; certGen.sh's
/// `certs/azure-iot-test-only.root.ca.cert.pem` under a certificate folder.
public struct RootCALocator: Sendable {
    /// certGen.sh's dev/test root CA, relative to the folder it was run in.
    public static let certGenRootCAPath = "certs/azure-iot-test-only.root.ca.cert.pem"

    /// aziot-certd's certificate folder (its `homedir_path` + `/certs`).
    public static let certdCertsFolder = "/var/lib/aziot/certd/certs"
    /// The file aziot-certd names for cert id `aziot-edged-ca`: the id's alphanumerics, `-`, the hex SHA-256 of
    /// the id, `.cer` (iot-identity-service `cert/aziot-certd-config/src/util.rs`); a PEM file.
    public static let quickstartEdgeCAFileName = "aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer"

    public var reader: EdgeConfigReader
    /// Injectable for tests.
    public var certdCertsFolder: String

    public init(reader: EdgeConfigReader = EdgeConfigReader(), certdCertsFolder: String = RootCALocator.certdCertsFolder) {
        self.reader = reader
        self.certdCertsFolder = certdCertsFolder
    }

    /// Returns the first readable file and where it came from, with every place tried before it;
    /// or, when none gives a file, every place tried and why each failed.
    public func locate(typedPath: String?, certGenFolder: String?) -> RootCALocation {
        var skipped: [RootCACandidate] = []

        func tryPath(_ path: String?, source: RootCASource, unsetReason: String) -> RootCALocation? {
            guard let path else {
                skipped.append(RootCACandidate(source: source, path: nil, reason: unsetReason))
                return nil
            }
            if let problem = Self.problem(with: path) {
                skipped.append(RootCACandidate(source: source, path: path, reason: problem))
                return nil
            }
            return RootCALocation(path: path, source: source, skipped: skipped)
        }

        if let typed = typedPath?.trimmingCharacters(in: .whitespaces), !typed.isEmpty,
           let found = tryPath(typed, source: .typed, unsetReason: "") {
            return found
        }
        for format in EdgeConfigFormat.allCases {
            let configPath = format == .toml ? reader.tomlPath : reader.yamlPath
            let source: RootCASource = format == .toml
                ? .trustBundleCert(configPath: configPath) : .trustedCACerts(configPath: configPath)
            let config: EdgeConfig
            do {
                config = try reader.read(path: configPath, format: format)
            } catch {
                // A missing 1.1 file on a 1.2 gateway (or the reverse) is normal: note it, move on.
                let reason = error.problem == .notFound ? "config file not found" : error.description
                skipped.append(RootCACandidate(source: source, path: nil, reason: reason))
                continue
            }
            if let found = tryPath(config.trustBundlePath, source: source, unsetReason: "not set") {
                return found
            }
            // No trust bundle of its own and no edge CA of its own: the root is the quickstart edge CA.
            if config.usesQuickstartEdgeCA == true {
                let path = URL(fileURLWithPath: certdCertsFolder).appendingPathComponent(Self.quickstartEdgeCAFileName).path
                if let found = tryPath(path, source: .quickstartEdgeCA(configPath: configPath), unsetReason: "") {
                    return found
                }
            }
        }
        if let folder = certGenFolder?.trimmingCharacters(in: .whitespaces), !folder.isEmpty {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(Self.certGenRootCAPath).path
            if let found = tryPath(path, source: .certGenFolder(folder: folder), unsetReason: "") {
                return found
            }
        }
        return RootCALocation(path: nil, source: nil, skipped: skipped)
    }

    /// Why a path is not a readable file, or nil when it is.
    static func problem(with path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "does not exist" }
        if isDirectory.boolValue { return "is a directory, not a certificate file" }
        guard FileManager.default.isReadableFile(atPath: path) else { return "is not readable (permission denied: run with sudo)" }
        return nil
    }
}
