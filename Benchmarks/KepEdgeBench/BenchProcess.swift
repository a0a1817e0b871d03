import Foundation
import KepEdgeProbes
#if canImport(Glibc)
import Glibc
#endif

/// The benchmark's view of the probe layer's `ChildProcess`: stdin from a file (or /dev/null), stdout to a
/// descriptor the caller reads (or /dev/null), stderr to /dev/null, our environment unless given. Every wait
/// has a timeout; `stop()` ends it with SIGTERM, a second's grace, then SIGKILL.
final class BenchProcess: @unchecked Sendable {
    private let child: ChildProcess

    /// - Parameters:
    ///   - stdinPath: a file to read as stdin.
    ///   - stdio: one descriptor for stdin, stdout and stderr (a pseudo-terminal's slave); overrides the others.
    ///   - stdoutDescriptor: the write end of a pipe the caller reads.
    ///   - environment: replaces the inherited environment when given.
    init(_ executable: String, _ arguments: [String], stdinPath: String? = nil, stdoutDescriptor: Int32? = nil,
         stdio: Int32? = nil, environment: [String: String]? = nil) throws {
        let stdin: ChildProcess.Input = stdio.map { .descriptor($0) } ?? stdinPath.map { .file($0) } ?? .null
        let stdout: ChildProcess.Output = (stdio ?? stdoutDescriptor).map { .descriptor($0) } ?? .null
        child = try ChildProcess(executable: executable, arguments: arguments, stdin: stdin, stdout: stdout,
                                 stderr: stdio.map { .descriptor($0) } ?? .null,
                                 environment: environment.map { .given($0) } ?? .inherited)
    }

    /// The wait status once the child has ended (reaps it), nil while it runs.
    var exitStatus: Int32? { child.pollExit() }

    /// Waits up to `timeout` seconds, looking every 100 µs (a timed run must not wait for the poll); nil when it is still running.
    func wait(timeout: Double) -> Int32? { child.waitForExit(timeout: timeout, poll: 0.000_1) }

    func stop() { child.stop(grace: 1) }

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
