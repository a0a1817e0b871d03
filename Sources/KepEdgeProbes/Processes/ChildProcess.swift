import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A command started with posix_spawn (kepedge's, its tests' and its benchmarks' only posix_spawn): stdin,
/// stdout and stderr as its `Input` and `Output` say, stopped with signals and reaped with waitpid. Long-running
/// children use it rather than Foundation's `Process`, whose `waitUntilExit()` spins a run loop and hung on
/// Swift Testing's cooperative threads.
///
/// The child starts with an empty signal mask and default handlers: Swift's threads block some signals and
/// ignore SIGPIPE, a lab ignores SIGINT/SIGTERM/SIGHUP to shut down in order, and a child that inherited
/// that would ignore the SIGTERM that stops it (and outlive its parent).
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// The read end of the child's stdout (and stderr) when it is `.pipe`, else -1.
    public let output: Int32
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

    /// A command kepedge runs: stdin from /dev/null, stdout and stderr to `outputFile` (appended, created 0600)
    /// or, when nil, one pipe read through `output`; our environment without `KEPEDGE_*`.
    public convenience init(executable: String, arguments: [String], outputFile: String? = nil) throws {
        try self.init(executable: executable, arguments: arguments, stdout: outputFile.map(Output.file) ?? .pipe)
    }

    /// - Parameters:
    ///   - stderr: where stderr goes; nil: where stdout goes.
    ///   - environment: `.scrubbed` (ours without `KEPEDGE_*`), `.inherited` or `.given`.
    public init(executable: String, arguments: [String], stdin: Input = .null, stdout: Output, stderr: Output? = nil,
                environment: Environment = .scrubbed) throws(SpawnError) {
        let files = try FileActions(executable: executable, stdin: stdin, stdout: stdout, stderr: stderr)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.entries().map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = SpawnAttributes.withDefaultSignals { posix_spawn(&pid, executable, &files.actions, &$0, argv, envp) }
        if let pipe = files.pipe {
            close(pipe.write)
            if result != 0 { close(pipe.read) }
        }
        guard result == 0 else { throw SpawnError.failed(executable: executable, reason: String(cString: strerror(result))) }
        self.pid = pid
        self.output = files.pipe?.read ?? -1
    }

    /// Whether the child still runs.
    public var isRunning: Bool { pollExit() == nil }

    /// The wait status once the child has exited (reaps it); nil while it runs.
    public func pollExit() -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
            return exitStatus
        }
    }

    /// Waits up to `timeout` seconds for the child to exit, looking every `poll` seconds (a benchmark
    /// timing a run looks more often than the 10 ms a follower needs).
    public func waitForExit(timeout: Double, poll: Double = 0.01) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = pollExit() { return status }
            usleep(useconds_t(max(poll, 0.000_05) * 1_000_000))
        }
        return pollExit()
    }

    /// SIGTERM, up to `grace` seconds, then SIGKILL; reaps the child.
    public func stop(grace: Double = 2) {
        guard pollExit() == nil else { return }
        kill(pid, SIGTERM)
        if waitForExit(timeout: grace) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 5)
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
