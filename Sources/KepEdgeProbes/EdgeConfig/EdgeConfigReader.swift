import Foundation
import KepEdgeCore

/// Finds and reads the gateway's IoT Edge configuration: `/etc/aziot/config.toml` (1.2+) first,
/// then `/etc/iotedge/config.yaml` (1.1). Every failure is an `EdgeConfigError` naming the file.
public struct EdgeConfigReader: Sendable {
    public var tomlPath: String
    public var yamlPath: String
    /// The machine's host name, for a config.toml without `hostname`; nil when it cannot be read.
    public var machineHostname: @Sendable () -> String?

    /// The paths (and the host name) are injectable so tests can point at temporary files.
    public init(
        tomlPath: String = EdgeConfigFormat.toml.defaultPath,
        yamlPath: String = EdgeConfigFormat.yaml.defaultPath,
        machineHostname: @escaping @Sendable () -> String? = EdgeConfigReader.systemHostname
    ) {
        self.tomlPath = tomlPath
        self.yamlPath = yamlPath
        self.machineHostname = machineHostname
    }

    /// gethostname(2), what aziot-edged's default hostname comes from.
    public static let systemHostname: @Sendable () -> String? = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(cString: buffer)
        return name.isEmpty ? nil : name
    }

    /// Reads whichever default file exists, preferring config.toml (a 1.1 → 1.2 upgrade can leave
    /// the old YAML behind; the daemon then uses the TOML).
    public func read() throws(EdgeConfigError) -> EdgeConfig {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: tomlPath) {
            return try read(path: tomlPath, format: .toml)
        }
        if fileManager.fileExists(atPath: yamlPath) {
            return try read(path: yamlPath, format: .yaml)
        }
        throw EdgeConfigError(paths: [tomlPath, yamlPath], problem: .notFound)
    }

    /// Reads one file. The format comes from `format`, else from the extension
    /// (`.yaml`/`.yml` or `.toml`), else from how `hostname` is written in it.
    public func read(path: String, format: EdgeConfigFormat? = nil) throws(EdgeConfigError) -> EdgeConfig {
        let text = try Self.readText(path: path)
        let format = format ?? Self.guessFormat(path: path, text: text)
        switch format {
        case .toml: return try EdgeConfigTOMLParser.parse(text, path: path, machineHostname: machineHostname())
        case .yaml: return try EdgeConfigYAMLParser.parse(text, path: path)
        }
    }

    static func guessFormat(path: String, text: String) -> EdgeConfigFormat {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") { return .yaml }
        if lowered.hasSuffix(".toml") { return .toml }
        let yamlHostname = text.split(separator: "\n").contains { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("hostname:")
        }
        return yamlHostname ? .yaml : .toml
    }

    /// The file's text, or the reason it cannot be had (open(2)'s errno, not a guess from stat).
    static func readText(path: String) throws(EdgeConfigError) -> String {
        let data: Data
        do {
            // A config is a few KiB; /dev/zero or a FIFO given as --config must not hang or fill memory.
            data = try BoundedFile.read(path: path, limit: 1024 * 1024)
        } catch .notReadable, .notFound {
            do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: []) } catch {
                throw EdgeConfigError(path: path, problem: problem(forReadError: error, path: path))
            }
        } catch {
            throw EdgeConfigError(path: path, problem: .unreadable(reason: "it \(error.description)"))
        }
        // NUL bytes never occur in a text config; String(decoding:) would accept them silently.
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw EdgeConfigError(path: path, problem: .notText)
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw EdgeConfigError(path: path, problem: .empty)
        }
        return text
    }

    private static func problem(forReadError error: Error, path: String) -> EdgeConfigError.Problem {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue { return .unreadable(reason: "it is a directory") }
        let nsError = error as NSError
        let posix = (nsError.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
        switch (nsError.domain, nsError.code, posix) {
        case (_, _, Int(EACCES)?), (_, _, Int(EPERM)?), (NSCocoaErrorDomain, NSFileReadNoPermissionError, _):
            return .permissionDenied
        case (_, _, Int(ENOENT)?), (NSCocoaErrorDomain, NSFileReadNoSuchFileError, _):
            return .notFound
        default:
            if !exists { return .notFound }
            if access(path, R_OK) != 0, errno == EACCES { return .permissionDenied }
            return .unreadable(reason: nsError.localizedDescription)
        }
    }
}
