import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files the way kepedge must: never half-written (a temp file in the same folder, synced,
/// then renamed over the target) and with the mode asked for from the first byte (0600 for
/// anything that could hold or point at a secret).
public enum AtomicFile {
    public struct WriteError: Error, Equatable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(directory)/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw WriteError(path: path, reason: errnoText()) }
        var written = 0
        let ok = data.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let result = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return fsync(fd) == 0
        }
        let writeError = ok ? nil : errnoText()
        close(fd)
        if let writeError {
            unlink(temporary)
            throw WriteError(path: path, reason: writeError)
        }
        // The umask may have narrowed the mode at open; set it exactly.
        chmod(temporary, mode)
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
    }

    static func errnoText() -> String {
        switch errno {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "the folder does not exist"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "the file system is read-only"
        default: return String(cString: strerror(errno))
        }
    }
}
