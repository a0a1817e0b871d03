import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

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
        let environmentKey = environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        var given: [String] = []
        if key != nil { given.append("--key") }
        if connectionString != nil { given.append("--connection-string") }
        if keyFile != nil { given.append("--key-file") }
        if environmentKey != nil { given.append(Self.environmentVariable) }

        if given.count > 1 {
            throw CLIFailure.input("the device key was given \(given.count) ways (\(given.joined(separator: ", "))); give exactly one")
        }
        guard let source = given.first else {
            if required {
                throw CLIFailure.input("no device key: give --key-file FILE, --connection-string, --key or set \(Self.environmentVariable)")
            }
            return nil
        }
        switch source {
        case "--connection-string":
            do {
                let parsed = try DeviceConnectionString(parsing: connectionString ?? "")
                return Resolved(key: parsed.key, connectionString: parsed, source: source)
            } catch {
                throw CLIFailure.input("--connection-string: \(error.description)")
            }
        case "--key-file":
            let text: String
            do { text = try SecretInput.read(file: keyFile ?? "") } catch { throw CLIFailure.input("--key-file \(error.description)") }
            return Resolved(key: try Self.parseKey(text, source: "--key-file \(keyFile ?? "")"), connectionString: nil, source: source)
        case "--key":
            return Resolved(key: try Self.parseKey(key ?? "", source: "--key"), connectionString: nil, source: source)
        default:
            return Resolved(key: try Self.parseKey(environmentKey ?? "", source: Self.environmentVariable), connectionString: nil, source: source)
        }
    }

    private static func parseKey(_ text: String, source: String) throws -> SharedAccessKey {
        do {
            return try SharedAccessKey(base64: text)
        } catch {
            throw CLIFailure.input("\(source): \(error.description)")
        }
    }
}
