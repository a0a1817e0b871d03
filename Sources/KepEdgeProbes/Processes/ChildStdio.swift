import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ChildProcess {
    /// Where the child's stdin comes from.
    public enum Input: Sendable {
        case null
        /// A file, read from its start.
        case file(String)
        /// A descriptor of ours (a pseudo-terminal's slave), duplicated onto stdin.
        case descriptor(Int32)
    }

    /// Where the child's stdout (and its stderr, unless given apart) goes.
    public enum Output: Sendable {
        case null
        /// A pipe read through `output` (stdout only; stderr joins it when not given apart).
        case pipe
        /// A file, appended to, created 0600.
        case file(String)
        /// A descriptor of ours (a pipe's write end the caller reads), duplicated onto the stream.
        case descriptor(Int32)
    }

    /// The environment the child gets.
    public enum Environment: Sendable {
        /// Ours without `KEPEDGE_*` (see `childEnvironment`): for commands kepedge runs on a gateway.
        case scrubbed
        /// Ours as it is (test fixtures, whose children need nothing secret either way).
        case inherited
        /// Exactly this.
        case given([String: String])

        func entries() -> [String: String] {
            switch self {
            case .scrubbed: ChildProcess.childEnvironment(ProcessInfo.processInfo.environment)
            case .inherited: ProcessInfo.processInfo.environment
            case .given(let environment): environment
            }
        }
    }

    /// posix_spawn file actions for stdin, stdout and stderr (nil: with stdout), and the pipe they made.
    final class FileActions {
        var actions = posix_spawn_file_actions_t()
        /// The pipe's ends when an output is `.pipe`; the parent closes the write end after the spawn.
        let pipe: (read: Int32, write: Int32)?

        init(executable: String, stdin: Input, stdout: Output, stderr: Output?) throws(SpawnError) {
            if case .pipe = stdout {
                var ends: [Int32] = [0, 0]
                guard Glibc.pipe(&ends) == 0 else { throw SpawnError.failed(executable: executable, reason: String(cString: strerror(errno))) }
                // The read end is ours alone: a child holding it open would keep the pipe from ever ending.
                _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
                pipe = (ends[0], ends[1])
            } else {
                pipe = nil
            }
            posix_spawn_file_actions_init(&actions)
            switch stdin {
            case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, 0)
            }
            add(stdout, as: 1)
            if let stderr { add(stderr, as: 2) } else { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
            if let pipe { posix_spawn_file_actions_addclose(&actions, pipe.write) }
        }

        private func add(_ output: Output, as target: Int32) {
            switch output {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            case .pipe: if let pipe { posix_spawn_file_actions_adddup2(&actions, pipe.write, target) }
            }
        }

        deinit { posix_spawn_file_actions_destroy(&actions) }
    }
}
