import Foundation
import KepEdgeProbes
#if canImport(Glibc)
import Glibc
#endif

/// A child started with posix_spawn: stdin from a file (or /dev/null), stdout to a descriptor the caller
/// reads (or /dev/null), stderr to /dev/null. Every wait has a timeout; `stop()` ends it with SIGTERM, then SIGKILL.
final class BenchProcess: @unchecked Sendable {
    let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    /// - Parameters:
    ///   - stdinPath: a file to read as stdin.
    ///   - stdio: one descriptor for stdin, stdout and stderr (a pseudo-terminal's slave); overrides the others.
    ///   - stdoutDescriptor: the write end of a pipe the caller reads.
    ///   - environment: replaces the inherited environment when given.
    init(_ executable: String, _ arguments: [String], stdinPath: String? = nil, stdoutDescriptor: Int32? = nil,
         stdio: Int32? = nil, environment: [String: String]? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdio {
            for target in Int32(0)...2 { posix_spawn_file_actions_adddup2(&actions, stdio, target) }
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
            if let stdoutDescriptor {
                posix_spawn_file_actions_adddup2(&actions, stdoutDescriptor, 1)
            } else {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            }
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let result = SpawnAttributes.withDefaultSignals { attributes in
            if var envp { return posix_spawn(&pid, executable, &actions, &attributes, argv, &envp) }
            return posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard result == 0 else { throw BenchFailure("could not start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// The exit status once the child has ended (reaps it), nil while it runs.
    var exitStatus: Int32? {
        lock.withLock {
            if let status { return status }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
            return status
        }
    }

    /// Waits up to `timeout` seconds, polling every 100 µs; nil when it is still running.
    func wait(timeout: Double) -> Int32? {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if let status = exitStatus { return status }
            usleep(100)
        }
        return exitStatus
    }

    /// SIGTERM, a second's grace, then SIGKILL; returns once the child is reaped.
    func stop() {
        guard exitStatus == nil else { return }
        kill(pid, SIGTERM)
        if wait(timeout: 1) == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }

    deinit { stop() }

    /// Runs `executable` to completion `runs` times; the median wall time in milliseconds. Throws when a run
    /// fails or takes longer than `timeout` seconds.
    static func medianRunMilliseconds(_ executable: String, _ arguments: [String], runs: Int, timeout: Double = 30) throws -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = ContinuousClock.now
            let child = try BenchProcess(executable, arguments)
            guard let status = child.wait(timeout: timeout) else {
                child.stop()
                throw BenchFailure("\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.first ?? "") did not finish within \(Int(timeout)) s")
            }
            times.append(Measure.milliseconds(ContinuousClock.now - start))
            guard status == 0 else {
                throw BenchFailure("\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.joined(separator: " ").prefix(60)) exited with status \(status)")
            }
        }
        return Measure.median(times)
    }
}

/// A private temporary folder, removed by `remove()`.
struct ScratchFolder {
    let path: String

    init(_ prefix: String) throws {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw BenchFailure("could not make a temporary folder: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
        return file(name)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
