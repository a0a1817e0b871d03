import Foundation
import KepEdgeCore

/// Parsing of the plain inputs several commands share, each failure one `kepedge: --flag …` line (exit 2).
enum CommandInputs {
    static func hub(_ text: String, flag: String = "--hub") throws -> IoTHubHost {
        do { return try IoTHubHost(parsing: text) } catch { throw CLIFailure.input("\(flag): \(error.description)") }
    }

    static func device(_ text: String, flag: String = "--device") throws -> DeviceID {
        do { return try DeviceID(validating: text) } catch { throw CLIFailure.input("\(flag): \(error.description)") }
    }

    /// ISO 8601 in UTC, e.g. `2016-08-23T08:19:23Z`.
    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data("kepedge: \(line)\n".utf8))
    }
}
