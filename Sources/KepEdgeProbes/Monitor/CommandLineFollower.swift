import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a followed command produced.
public enum CommandOutput: Equatable, Sendable {
    case line(String)
    /// The command ended by itself; `description` says how (`exited with status 1`).
    case ended(description: String, exitedCleanly: Bool)
    /// The command could not be started.
    case failedToStart(String)
}

/// Streams a command's output line by line (`iotedge logs -f`, `docker logs -f`). Cancelling the stream stops
/// the command (SIGTERM, then SIGKILL); the command never outlives its consumer.
public enum CommandLineFollower {
    /// The longest line kept; longer lines are cut (a stack trace line can be huge).
    static let maximumLineBytes = 16 * 1024

    public static func lines(executable: String, arguments: [String]) -> AsyncStream<CommandOutput> {
        let (stream, continuation) = AsyncStream<CommandOutput>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: executable, arguments: arguments)
        } catch {
            continuation.yield(.failedToStart("\(error)"))
            continuation.finish()
            return stream
        }
        let cancelled = CancellationFlag()
        continuation.onTermination = { _ in
            cancelled.cancel()
            child.stop()
        }
        let thread = Thread {
            var pending = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(child.output, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: 0x0A) {
                    continuation.yield(.line(Self.text(pending[pending.startIndex..<newline])))
                    pending.removeSubrange(pending.startIndex...newline)
                }
                if pending.count > maximumLineBytes {
                    continuation.yield(.line(Self.text(pending)))
                    pending.removeAll()
                }
            }
            if !pending.isEmpty { continuation.yield(.line(Self.text(pending))) }
            if !cancelled.isCancelled {
                let status = child.waitForExit(timeout: 5)
                let description = status.map(ChildProcess.describe(status:)) ?? "closed its output"
                continuation.yield(.ended(description: description, exitedCleanly: status == 0))
            }
            continuation.finish()
        }
        thread.name = "kepedge-follow"
        thread.start()
        return stream
    }

    static func text(_ bytes: Data) -> String {
        var line = String(decoding: bytes.prefix(maximumLineBytes), as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }
}
