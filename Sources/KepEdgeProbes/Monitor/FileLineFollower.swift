import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a followed file produced.
public enum FileFollowOutput: Equatable, Sendable {
    case line(String)
    /// The file was replaced (log rotation) or cut short (truncation); reading restarts at its beginning.
    case restarted(reason: String)
    /// The file cannot be followed; nothing follows.
    case failed(String)
}

/// `tail -F` for one file, in Swift: new lines from the end (or the start), surviving rotation and truncation.
/// Polls, so it works on any filesystem; cancelling the stream stops it within one poll interval.
public struct FileLineFollower: Sendable {
    public var path: String
    public var pollInterval: Double
    /// Read what the file already holds first (otherwise only lines written from now on).
    public var fromStart: Bool

    public init(path: String, pollInterval: Double = 0.2, fromStart: Bool = false) {
        self.path = path
        self.pollInterval = pollInterval
        self.fromStart = fromStart
    }

    public func lines() -> AsyncStream<FileFollowOutput> {
        let (stream, continuation) = AsyncStream<FileFollowOutput>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let cancelled = CancellationFlag()
        continuation.onTermination = { _ in cancelled.cancel() }
        let follower = self
        let thread = Thread {
            follower.follow(continuation, cancelled: cancelled)
            continuation.finish()
        }
        thread.name = "kepedge-tail"
        thread.start()
        return stream
    }

    private func follow(_ continuation: AsyncStream<FileFollowOutput>.Continuation, cancelled: CancellationFlag) {
        // O_NONBLOCK: a FIFO given as the log opens at once (and is refused below) instead of blocking.
        var descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            continuation.yield(.failed("cannot read \(path): \(String(cString: strerror(errno)))"))
            return
        }
        defer { if descriptor >= 0 { close(descriptor) } }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            continuation.yield(.failed("\(path) is not a regular file"))
            return
        }
        var inode = info.st_ino
        var offset = fromStart ? 0 : info.st_size
        var pending = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)

        func drain() {
            while true {
                let count = pread(descriptor, &buffer, buffer.count, offset)
                if count <= 0 { return }
                offset += off_t(count)
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: 0x0A) {
                    continuation.yield(.line(CommandLineFollower.text(pending[pending.startIndex..<newline])))
                    pending.removeSubrange(pending.startIndex...newline)
                }
                if pending.count > CommandLineFollower.maximumLineBytes {
                    continuation.yield(.line(CommandLineFollower.text(pending)))
                    pending.removeAll()
                }
            }
        }

        while !cancelled.isCancelled {
            drain()
            usleep(useconds_t(pollInterval * 1_000_000))
            var current = stat()
            if fstat(descriptor, &current) == 0, current.st_size < offset {
                offset = 0
                pending.removeAll()
                continuation.yield(.restarted(reason: "\(path) was truncated"))
                continue
            }
            var named = stat()
            if stat(path, &named) == 0, named.st_ino != inode {
                drain()  // the rest of the old file first
                let replacement = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
                guard replacement >= 0 else { continue }
                close(descriptor)
                descriptor = replacement
                inode = named.st_ino
                offset = 0
                pending.removeAll()
                continuation.yield(.restarted(reason: "\(path) was replaced (rotated)"))
            }
            // A file removed and not yet recreated: keep the old one open and look again next time.
        }
    }
}
