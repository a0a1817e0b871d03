import ArgumentParser
import Foundation
import KepEdgeCore

/// The four ways to hand kepedge a device key. At most one may be used at a time.
struct DeviceKeyOptions: ParsableArguments {
    static let environmentVariable = "KEPEDGE_DEVICE_KEY"

    @Option(help: ArgumentHelp("The device's primary (or secondary) key, base64 as the portal shows it. Visible in shell history: prefer --key-file or \(DeviceKeyOptions.environmentVariable).", valueName: "base64"))
    var key: String?

    @Option(help: ArgumentHelp("The device connection string (HostName=…;DeviceId=…;SharedAccessKey=…); fills --hub and --device when they are not given.", valueName: "string"))
    var connectionString: String?

    @Option(help: ArgumentHelp("A file holding only the device key.", valueName: "file"))
    var keyFile: String?

    /// The key the user gave, and the connection string when that is where it came from.
    struct Resolved {
        let key: SharedAccessKey
        let connectionString: DeviceConnectionString?
        /// Which input it came from, for messages: `--key-file`, `KEPEDGE_DEVICE_KEY`…
        let source: String
    }

    /// Exactly one source when `required`, at most one otherwise.
    func resolve(required: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Resolved? {
        let picked = try SecretSourceChoice.pick([
            .init(name: "--key", value: key, kind: .flag),
            .init(name: "--connection-string", value: connectionString, kind: .flag),
            .init(name: "--key-file", value: keyFile, kind: .file),
            SecretSourceChoice.environment(Self.environmentVariable, in: environment),
        ], what: "the device key")
        guard let (source, text) = picked else {
            if required {
                throw CLIFailure.input("no device key: give --key-file FILE, --connection-string, --key or set \(Self.environmentVariable)")
            }
            return nil
        }
        if source == "--connection-string" {
            do {
                let parsed = try DeviceConnectionString(parsing: text)
                return Resolved(key: parsed.key, connectionString: parsed, source: source)
            } catch {
                throw CLIFailure.input("--connection-string: \(error.description)")
            }
        }
        do {
            return Resolved(key: try SharedAccessKey(base64: text), connectionString: nil, source: source)
        } catch {
            throw CLIFailure.input("\(source): \(error.description)")
        }
    }
}
