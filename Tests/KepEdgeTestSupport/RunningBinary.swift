import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `kepedge` run that keeps going (e.g. `kepedge monitor`) until the test signals it: read its output while
/// it runs, then stop it with a signal and collect the result. Output goes to files, never a pipe.
public final class RunningBinary: @unchecked Sendable {
    private let process = Process()
    private let directory: TemporaryDirectory
    private let outHandle: FileHandle
    private let errHandle: FileHandle

    /// Starts `executable` (e.g. `BinaryRunner().executable`) with a minimal environment plus `environment`.
    public init(executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
        directory = try TemporaryDirectory(prefix: "kepedge-running")
        _ = FileManager.default.createFile(atPath: directory.file("stdout"), contents: nil)
        _ = FileManager.default.createFile(atPath: directory.file("stderr"), contents: nil)
        outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.file("stdout")))
        errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.file("stderr")))
        process.executableURL = executable
        process.arguments = arguments
        var childEnvironment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp"]
        childEnvironment.merge(environment) { _, new in new }
        process.environment = childEnvironment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
    }

    public var stdout: String { (try? String(contentsOfFile: directory.file("stdout"), encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: directory.file("stderr"), encoding: .utf8)) ?? "" }
    public var isRunning: Bool { process.isRunning }

    /// Waits up to `timeout` seconds for stdout to contain `text`.
    public func waitForOutput(containing text: String, timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stdout.contains(text) { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return stdout.contains(text)
    }

    /// Sends `signal`, waits up to `timeout` seconds for the exit (then SIGKILL), and returns the exit code,
    /// or nil when it had to be killed (the bound is generous: a loaded two-core CI machine is slow, a hang is not).
    public func stop(with signal: Int32 = SIGTERM, timeout: Double = 15) async -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try? await Task.sleep(nanoseconds: 10_000_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(nanoseconds: 10_000_000) }
            return nil
        }
        return process.terminationStatus
    }

    /// Waits up to `timeout` seconds for the process to end by itself; its exit code, or nil if still running.
    public func waitForExit(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try? await Task.sleep(nanoseconds: 10_000_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? outHandle.close()
        try? errHandle.close()
    }
}
