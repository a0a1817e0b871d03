import Foundation

/// Runs the built `kepedge` executable the way a user or a script does, and collects what it printed.
///
/// The binary is looked up in SwiftPM's products directory (the folder holding the test bundle), or at
/// `$KEPEDGE_BINARY`. Output goes to temporary files, not pipes, so a chatty child can never block on a full
/// pipe; every run has a timeout after which the child is terminated, then killed.
public struct BinaryRunner: Sendable {
    public struct Result: Sendable {
        public let stdout: String
        public let stderr: String
        public let exitCode: Int32
        /// True when the run hit the timeout and the child was stopped.
        public let timedOut: Bool

        /// stderr split into lines, without the empty last one.
        public var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    public enum RunnerError: Error, CustomStringConvertible {
        case binaryNotFound(searched: [String])
        case launchFailed(String)

        public var description: String {
            switch self {
            case .binaryNotFound(let searched):
                return "kepedge binary not found (looked in \(searched.joined(separator: ", "))); run 'swift build --product kepedge' or set KEPEDGE_BINARY"
            case .launchFailed(let reason):
                return "could not start kepedge: \(reason)"
            }
        }
    }

    public let executable: URL

    /// Runs a copy of the binary at `executable` (e.g. one placed where another user can reach it).
    public init(executable: URL) {
        self.executable = executable
    }

    public init(productName: String = "kepedge") throws {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["KEPEDGE_BINARY"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        // Linux: the test runner is `<products>/kepedgePackageTests.xctest`; macOS: a bundle inside `<products>`.
        var directories: [URL] = []
        if let executableURL = Bundle.main.executableURL { directories.append(executableURL.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories.append(URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent())
        for directory in directories {
            var current = directory
            for _ in 0..<4 {  // up through Contents/MacOS inside a macOS bundle
                candidates.append(current.appendingPathComponent(productName))
                current = current.deletingLastPathComponent()
            }
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath(atPath: $0.path) }) else {
            throw RunnerError.binaryNotFound(searched: Array(Set(directories.map(\.path))).sorted())
        }
        self.executable = found
    }

    /// Runs the binary with `arguments`. The child sees only `PATH`, `HOME`, `LANG` and `environment`, so a
    /// `KEPEDGE_*` variable in the developer's shell cannot change a test. `stdin` nil means /dev/null.
    /// `launcher` goes before the binary, e.g. `["/usr/sbin/runuser", "-u", "nobody", "--"]` to test as another user.
    public func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
                    launcher: [String] = [], timeout: Duration = .seconds(20)) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kepedge-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        if let launcherExecutable = launcher.first {
            process.executableURL = URL(fileURLWithPath: launcherExecutable)
            process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var childEnvironment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"]
        childEnvironment["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? "/tmp"
        childEnvironment.merge(environment) { _, new in new }
        process.environment = childEnvironment
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        var inHandle: FileHandle?
        if let stdin {
            let inURL = directory.appendingPathComponent("stdin")
            try stdin.write(to: inURL)
            inHandle = try FileHandle(forReadingFrom: inURL)
            process.standardInput = inHandle
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { try? inHandle?.close() }

        do {
            try process.run()
        } catch {
            throw RunnerError.launchFailed("\(error)")
        }

        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var timedOut = false
        while process.isRunning {
            if clock.now >= deadline {
                timedOut = true
                process.terminate()
                let grace = clock.now.advanced(by: .seconds(2))
                while process.isRunning, clock.now < grace { try? await Task.sleep(for: .milliseconds(20)) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        process.waitUntilExit()

        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return Result(stdout: stdout, stderr: stderr, exitCode: process.terminationStatus, timedOut: timedOut)
    }
}

extension URL {
    fileprivate func hasDirectoryPath(atPath path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
