import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and stopped with signals and waitpid.
///
/// Used for long-running servers in tests (mosquitto). Foundation's `Process.waitUntilExit()`
/// spins a run loop on the calling thread, which hung on Swift Testing's cooperative threads.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`; stdout and stderr go to `outputFile` (or /dev/null).
    public init(executable: String, arguments: [String], outputFile: String? = nil) throws {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        let output = outputFile ?? "/dev/null"
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)

        // The child must start with no blocked signals and default handlers: the test process's
        // threads block some (and ignore SIGPIPE), and a child that inherits that ignores SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptySet = sigset_t()
        sigemptyset(&emptySet)
        posix_spawnattr_setsigmask(&attributes, &emptySet)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &fileActions, &attributes, argv, environ)
        guard result == 0 else {
            throw FixtureError("could not start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// Whether the child has not exited yet (reaps it if it has).
    public var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = status
                return false
            }
            return true
        }
    }

    /// Sends SIGTERM, waits up to `grace` seconds, then SIGKILL. Returns once the child is reaped.
    public func stop(grace: Double = 5) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline {
            usleep(10_000)
        }
        if isRunning {
            kill(pid, SIGKILL)
            lock.withLock {
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
                exitStatus = status
            }
        }
    }

    deinit {
        stop(grace: 1)
    }
}
