import Foundation

/// Output helpers the commands share.
enum CommandOutput {
    /// A `kepedge: note: …` line on stderr: something worth knowing that does not change the exit code.
    static func note(_ line: String) {
        FileHandle.standardError.write(Data("kepedge: note: \(line)\n".utf8))
    }
}
