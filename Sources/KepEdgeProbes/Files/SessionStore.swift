import Foundation
import KepEdgeCore

/// The wizard's session file on disk: non-secret fields only, mode 0600, replaced atomically.
public struct SessionStore: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_STATE_HOME/kepedge/session.json`, else `~/.local/state/kepedge/session.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            return "\(state)/kepedge/session.json"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return "\(home)/.local/state/kepedge/session.json"
    }

    /// The saved session, nil when there is none yet.
    public func load() throws(SessionError) -> WizardSession? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .corrupt(path: path, detail: "unreadable: permission denied")
        }
        return try SessionCodec.decode(data, path: path)
    }

    public func save(_ session: WizardSession) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try AtomicFile.write(try SessionCodec.encode(session), to: path, mode: 0o600)
    }
}
