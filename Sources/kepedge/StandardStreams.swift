#if canImport(Glibc)
import Glibc
#endif

/// Lines for stdout and stderr that may go to a terminal that is gone (an SSH session dropped):
/// Foundation's non-throwing `FileHandle.write` traps when the write fails (EIO after a hang-up), so
/// these write with `write(2)` and drop what cannot be written.
enum StandardError {
    static func write(_ text: String) { StandardStreams.write(text, to: STDERR_FILENO) }
}

enum StandardOutput {
    static func write(_ text: String) { StandardStreams.write(text, to: STDOUT_FILENO) }
}

enum StandardStreams {
    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }  // a dead terminal: nothing more to say to it
            bytes = bytes.dropFirst(written)
        }
    }
}
