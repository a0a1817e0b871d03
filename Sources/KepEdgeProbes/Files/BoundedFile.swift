import Foundation

/// The one way kepedge reads a file a user named (CA, session, config, secret, hosts and log files):
/// only a regular file, never more than a limit, never blocking.
///
/// Why not `Data(contentsOf:)` after a `stat` size check: `/dev/zero` and `/proc` files report size 0 and
/// never end, a FIFO blocks `open` until a writer comes, and a file can grow between `stat` and `read`.
/// So the file is opened with `O_NONBLOCK` (a FIFO opens at once), checked with `fstat` on that same
/// descriptor (no race with a rename), and read up to `limit + 1` bytes: the bound is on what is read.
public enum BoundedFile {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notFound
        case isADirectory
        /// A FIFO, socket, device…: `kind` names it.
        case notARegularFile(kind: String)
        case notReadable(reason: String)
        case tooLarge(limit: Int)

        /// `is a FIFO, not a regular file`, to follow the path in a message.
        public var description: String {
            switch self {
            case .notFound: "does not exist"
            case .isADirectory: "is a directory, not a file"
            case .notARegularFile(let kind): "is \(kind), not a regular file"
            case .notReadable(let reason): "cannot be read (\(reason))"
            case .tooLarge(let limit): "holds more than \(BoundedFile.sizeText(limit)), too much for this file"
            }
        }
    }

    /// The whole file, at most `limit` bytes; more is `.tooLarge`.
    public static func read(path: String, limit: Int) throws(Failure) -> Data {
        let descriptor = try openRegular(path)
        defer { close(descriptor) }
        return try readUpTo(descriptor, count: limit + 1, limit: limit)
    }

    /// The last `limit` bytes of the file (a log), from the start of a line.
    public static func readTail(path: String, limit: Int) throws(Failure) -> Data {
        let descriptor = try openRegular(path)
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .notReadable(reason: errnoText()) }
        guard Int(info.st_size) > limit else { return try readUpTo(descriptor, count: limit, limit: limit) }
        guard lseek(descriptor, off_t(Int(info.st_size) - limit), SEEK_SET) >= 0 else { throw .notReadable(reason: errnoText()) }
        var data = try readUpTo(descriptor, count: limit, limit: limit)
        // The first line was cut: drop it.
        if let newline = data.firstIndex(of: 0x0A) { data = data[(newline + 1)...] } else { data = Data() }
        return Data(data)
    }

    /// Opens `path` for reading without blocking and without becoming a controlling terminal,
    /// and refuses anything but a regular file.
    private static func openRegular(_ path: String) throws(Failure) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw .notFound
            case EISDIR: throw .isADirectory
            case ENXIO: throw .notARegularFile(kind: "a socket or FIFO")
            default: throw .notReadable(reason: errnoText())
            }
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = errnoText()
            close(descriptor)
            throw .notReadable(reason: reason)
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(descriptor)
            if type == S_IFDIR { throw .isADirectory }
            throw .notARegularFile(kind: kindName(type))
        }
        return descriptor
    }

    private static func readUpTo(_ descriptor: Int32, count: Int, limit: Int) throws(Failure) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count < count {
            let wanted = min(chunk.count, count - data.count)
            let got = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .notReadable(reason: errnoText())
            }
            if got == 0 { break }
            data.append(contentsOf: chunk[0..<got])
        }
        if data.count > limit { throw .tooLarge(limit: limit) }
        return data
    }

    private static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a plain file"
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? "\(bytes / 1024 / 1024) MiB" : "\(bytes / 1024) KiB"
    }
}
