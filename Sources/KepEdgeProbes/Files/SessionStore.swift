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

    /// A session is a few KiB; a bigger file is the wrong one.
    public static let maximumBytes = 1024 * 1024

    /// The saved session, nil when there is none yet.
    public func load() throws(SessionError) -> WizardSession? {
        let data: Data
        do { data = try BoundedFile.read(path: path, limit: Self.maximumBytes) } catch {
            switch error {
            case .notFound: return nil
            case .isADirectory: throw .corrupt(path: path, detail: "it is a folder, not a file")
            case .notReadable(let reason): throw .corrupt(path: path, detail: "unreadable: \(reason)")
            default: throw .corrupt(path: path, detail: "it \(error.description)")
            }
        }
        return try SessionCodec.decode(data, path: path)
    }

    /// Writes the session (creating its folder, mode 0700), replacing any earlier one atomically.
    public func save(_ session: WizardSession) throws(AtomicFileWriter.WriteError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AtomicFileWriter.WriteError(path: path, reason: Self.folderProblem(folder))
        }
        let data: Data
        do {
            data = try SessionCodec.encode(session)
        } catch {
            throw AtomicFileWriter.WriteError(path: path, reason: "the session could not be encoded")
        }
        try AtomicFileWriter.write(data, to: path, mode: 0o600)
    }

    /// Why `folder` could not be created, in words (FileManager's own error names no cause).
    private static func folderProblem(_ folder: String) -> String {
        var prefix = ""
        for component in folder.split(separator: "/") {
            prefix += "/\(component)"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isFolder), !isFolder.boolValue {
                return "\(prefix) is a file, not a folder"
            }
        }
        return "cannot create the folder \(folder)"
    }
}
