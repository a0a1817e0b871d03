import Foundation
import KepEdgeCore

/// The file where kepedge keeps the agent name and its token's expiry between rotations:
/// JSON, mode 0600, written whole (temporary file + rename), never holding a token or a key.
public enum RotationStateFile {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// `$STATE_DIRECTORY` (systemd), else `~/.local/state/kepedge`, with one file per agent.
    public static func defaultPath(agent: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let directory = environment["STATE_DIRECTORY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.local/state/kepedge"
        return "\(directory)/rotation-\(KepwarePaths.encode(agent)).json"
    }

    /// The state, nil when the file does not exist.
    public static func read(_ path: String) throws(Failure) -> SASRotationState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path) cannot be read; check its owner and permissions")
        }
        do { return try JSONDecoder().decode(SASRotationState.self, from: data) } catch {
            throw Failure(description: "\(path) is not a kepedge rotation state file; delete it and give --current-expiry once")
        }
    }

    public static func write(_ state: SASRotationState, to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let data = try JSONEncoder().encode(state)
            let temporary = "\(directory)/.\(url.lastPathComponent).\(getpid()).tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw Failure(description: "cannot write \(temporary); check the directory's permissions")
            }
            if rename(temporary, path) != 0 {
                unlink(temporary)
                throw Failure(description: "cannot replace \(path) (errno \(errno))")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
