import Foundation
import KepEdgeTestSupport
import Testing

/// Issue 17, item 12: kepedge holds keys, tokens and passwords in memory; it must never dump core.
/// Read from a running binary's /proc entries while it waits for a token on standard input.
@Suite struct CoreDumpGuardCommandTests {
    @Test("a running kepedge has core limit 0, even when started with unlimited, and is not dumpable")
    func notDumpable() async throws {
        let built = try BinaryRunner()
        // A non-dumpable process's /proc files belong to root. To tell, kepedge runs as nobody (a copy it can reach).
        let folder = try TemporaryDirectory()
        let copy = folder.file("kepedge")
        try FileManager.default.copyItem(atPath: built.executable.path, toPath: copy)
        chmod(folder.path, 0o755)
        chmod(copy, 0o755)
        let asUser = getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : ""
        let script = """
        ulimit -c unlimited 2>/dev/null
        (sleep 3; echo x) | \(asUser) "$0" sas inspect - >/dev/null 2>&1 &
        pid=$!   # setpriv execs kepedge: the same process
        sleep 1.5
        grep 'Max core file size' /proc/$pid/limits | awk '{print $5}'
        stat -c %u /proc/$pid/environ
        wait
        """
        let result = try await BinaryRunner(executable: URL(fileURLWithPath: "/bin/sh")).run(["-c", script, copy], timeout: .seconds(20))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == ["0", "0"], "core limit, then the owner of /proc/PID/environ (root when not dumpable): \(result.stdout) \(result.stderr)")
    }
}
