import Foundation
import KepEdgeProbes
import KepEdgeTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ChildProcess`, the one spawn helper of kepedge, its tests and its benchmarks: where stdin, stdout and
/// stderr go, which environment the child gets, and that SIGTERM stops it whatever its parent ignores.
@Suite(.serialized) struct ChildProcessTests {
    /// Everything the child wrote to its `.pipe` until it exited.
    static func readAll(_ child: ChildProcess) -> String {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(child.output, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("stdin from a file, stdout and stderr on one pipe")
    func fileInPipeOut() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let input = try folder.write("in.txt", "from the file\n")
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "read line; echo \"out: $line\"; echo err >&2"],
                                     stdin: .file(input), stdout: .pipe)
        #expect(Self.readAll(child) == "out: from the file\nerr\n")
        #expect(child.waitForExit(timeout: 10) == 0)
    }

    @Test("stderr apart: to /dev/null, stdout to a file")
    func stderrApart() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let output = folder.file("out.txt")
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2"], stdout: .file(output), stderr: .null)
        #expect(child.waitForExit(timeout: 10) == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "out\n")
    }

    @Test("a given environment is the child's whole environment")
    func givenEnvironment() throws {
        let child = try ChildProcess(executable: "/usr/bin/env", arguments: [], stdout: .pipe, environment: .given(["ONLY": "this"]))
        #expect(Self.readAll(child) == "ONLY=this\n")
        #expect(child.waitForExit(timeout: 10) == 0)
    }

    @Test("a missing executable is one error naming it")
    func missingExecutable() {
        #expect(throws: ChildProcess.SpawnError.self) {
            try ChildProcess(executable: "/nonexistent/kepedge-tool", arguments: [], stdout: .null)
        }
    }

    @Test("SIGTERM stops the child even while its parent ignores SIGTERM (a lab shutting down in order)")
    func termStopsTheChildWhateverTheParentIgnores() throws {
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"], stdout: .null)
        let started = ContinuousClock.now
        child.stop(grace: 10)
        #expect(child.pollExit().map(ChildProcess.describe(status:)) == "was killed by signal \(SIGTERM)")
        #expect(ContinuousClock.now - started < .seconds(10), "only SIGKILL after the grace stopped it")
    }
}
