import Foundation

/// Output helpers the commands share.
enum CommandOutput {
    /// A `kepedge: note: …` line on stderr: something worth knowing that does not change the exit code.
    static func note(_ line: String) {
        StandardError.write("kepedge: note: \(line)\n")
    }
}
