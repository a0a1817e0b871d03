import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file all at once or not at all: the bytes go to a temporary file in the same folder
/// (created with the final mode, so a key is never readable by others even for a moment), are
/// flushed to disk, then renamed over the destination.
public enum AtomicFileWriter {
    /// Why a write failed; `description` names the file.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` to `path` with permissions `mode` (e.g. 0o600 for keys, 0o644 for certificates).
    public static func write(_ data: Data, to path: String, mode: mode_t) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".kepedge-\(UUID().uuidString.prefix(8)).tmp"

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw WriteError(path: path, reason: describe(errno)) }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        // open() applies the umask; set the exact mode asked for.
        if failure == 0, fchmod(fd, mode) != 0 { failure = errno }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw WriteError(path: path, reason: describe(failure))
        }
    }

    /// Creates `path` and its parents when missing (mode 0700 for folders that will hold keys).
    public static func makeFolder(_ path: String, mode: Int = 0o755) throws(WriteError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        } catch {
            throw WriteError(path: path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "the folder does not exist"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "the file system is read-only"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
