import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command started with posix_spawn, its stdout and stderr on one pipe the caller reads (or in a file).
///
/// The child starts with an empty signal mask and default handlers: Swift's threads block some signals and
/// ignore SIGPIPE, a lab ignores SIGINT/SIGTERM/SIGHUP to shut down in order, and a child that inherited
/// that would ignore the SIGTERM that stops it (and outlive its parent).
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// The read end of the child's stdout+stderr (-1 when they go to a file).
    let output: Int32
    private let lock = NSLock()
    private var exitStatus: Int32?

    public enum SpawnError: Error, CustomStringConvertible {
        case failed(executable: String, reason: String)
        public var description: String {
            switch self {
            case .failed(let executable, let reason): "could not start \(executable): \(reason)"
            }
        }
    }

    /// The environment a child gets: ours without `KEPEDGE_*`, which hold device keys, hub-owner connection
    /// strings and the Kepware password (`iotedge logs` and `docker logs` need none of them, and a child's
    /// environment is readable in /proc by its user for as long as it runs).
    public static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        environment.filter { !$0.key.uppercased().hasPrefix("KEPEDGE_") }
    }

    /// - Parameter outputFile: where stdout and stderr go (appended, created 0600); nil: a pipe read through `output`.
    public init(executable: String, arguments: [String], outputFile: String? = nil) throws {
        var readEnd: Int32 = -1
        var writeEnd: Int32 = -1
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let outputFile {
            posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else { throw SpawnError.failed(executable: executable, reason: String(cString: strerror(errno))) }
            (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
            _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
            posix_spawn_file_actions_addclose(&actions, writeEnd)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = Self.childEnvironment(ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = SpawnAttributes.withDefaultSignals { posix_spawn(&pid, executable, &actions, &$0, argv, envp) }
        if writeEnd >= 0 { close(writeEnd) }
        guard result == 0 else {
            if readEnd >= 0 { close(readEnd) }
            throw SpawnError.failed(executable: executable, reason: String(cString: strerror(result)))
        }
        self.pid = pid
        self.output = readEnd
    }

    /// Whether the child still runs.
    public var isRunning: Bool { pollExit() == nil }

    /// The exit status once the child has exited (reaps it); nil while it runs.
    public func pollExit() -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
            return exitStatus
        }
    }

    /// Waits up to `timeout` seconds for the child to exit.
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = pollExit() { return status }
            usleep(10_000)
        }
        return pollExit()
    }

    /// SIGTERM, up to `grace` seconds, then SIGKILL; reaps the child.
    public func stop(grace: Double = 2) {
        guard pollExit() == nil else { return }
        kill(pid, SIGTERM)
        if waitForExit(timeout: grace) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 2)
        }
    }

    /// `exited with status 3`, `killed by signal 9`.
    public static func describe(status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return "was killed by signal \(signal)"
    }

    deinit {
        stop(grace: 1)
        if output >= 0 { close(output) }
    }
}

/// posix_spawn attributes for a child that starts with an empty signal mask and default handlers for
/// SIGTERM, SIGINT, SIGPIPE and SIGHUP, whatever the spawning process blocks or ignores.
public enum SpawnAttributes {
    public static func withDefaultSignals<Result>(_ spawn: (inout posix_spawnattr_t) -> Result) -> Result {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return spawn(&attributes)
    }
}

/// Finds a command on a search path, like the shell does.
public enum ExecutableSearch {
    /// The first executable `name` in the `:`-separated `path`; a name with a `/` is taken as it is.
    public static func find(_ name: String, path: String?) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
