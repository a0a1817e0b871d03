import Foundation
import KepEdgeTestSupport
import Testing

/// Issue 17 through the real binary: bad numbers and hostile files get one line on stderr and exit 2,
/// never a trap, a hang or a read without end.
@Suite struct HardeningCommandTests {
    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    @Test("numbers out of range: one line naming the flag and the range, exit 2", arguments: [
        (["kepware", "log", "--kepware-timeout", "9223372036854775807"], "kepedge: --kepware-timeout 9223372036854775807: give seconds between 1 and 600"),
        (["kepware", "log", "--kepware-timeout=-1"], "kepedge: --kepware-timeout -1: give seconds between 1 and 600"),
        (["kepware", "log", "--kepware-port", "0"], "kepedge: --kepware-port 0: not a TCP port; give 1-65535 (the Configuration API: 57512 HTTPS, 57412 HTTP)"),
        (["kepware", "log", "--limit", "0"], "kepedge: --limit 0: give entries between 1 and 10000"),
        (["tls", "--host", "gw01", "--timeout", "nan"], "kepedge: --timeout nan: give seconds between 0.1 and 120"),
        (["names", "--host", "gw01", "--resolve-timeout=-3"], "kepedge: --resolve-timeout -3.0: give seconds between 0.001 and 600"),
        (["check", "--step-timeout", "inf"], "kepedge: --step-timeout inf: give seconds between 0.1 and 600"),
    ])
    func numbers(arguments: [String], expected: String) async throws {
        let result = try await runner.run(arguments, timeout: .seconds(30))
        #expect(result.exitCode == 2)
        #expect(result.stderrLines == [expected])
    }

    @Test("kepedge monitor --broker-log prints a line whose time is past Int.max milliseconds instead of trapping")
    func hugeBrokerLogTime() async throws {
        let folder = try TemporaryDirectory()
        let log = try folder.write("mosquitto.log", "")
        let script = """
        "$0" monitor --broker-log "$1" & pid=$!
        sleep 2; echo '10000000000000000: x' >> "$1"; sleep 2
        kill -INT $pid; wait $pid; echo "exit $?"
        """
        let result = try await BinaryRunner(executable: URL(fileURLWithPath: "/bin/sh"))
            .run(["-c", script, runner.executable.path, log], timeout: .seconds(30))
        #expect(result.stdout.contains("broker   info    10000000000000000: x"), "\(result.stdout)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(result.stdout.contains("exit 0") || result.stdout.contains("exit 130"))
    }

    @Test("a CA file that never ends (/dev/zero) or a FIFO: one line, exit 2, no hang")
    func hostileCAFiles() async throws {
        let folder = try TemporaryDirectory()
        let fifo = folder.file("ca.pem")
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in ["/dev/zero", fifo] {
            let result = try await runner.run(["tls", "--host", "127.0.0.1", "--port", "9", "--ca", path], timeout: .seconds(30))
            #expect(!result.timedOut)
            #expect(result.exitCode == 2)
            #expect(result.stderrLines.count == 1)
            #expect(result.stderrLines.first?.contains("not a regular file") == true)
        }
    }

    @Test("a monitor broker log and a check broker log that are FIFOs are refused, not waited on")
    func hostileLogs() async throws {
        let folder = try TemporaryDirectory()
        let fifo = folder.file("mosquitto.log")
        #expect(mkfifo(fifo, 0o600) == 0)
        let check = try await runner.run(["check", "--broker-log", fifo, "--step-timeout", "2"], timeout: .seconds(60))
        #expect(!check.timedOut)
        #expect(check.stderr.contains("FIFO"))
    }
}

/// Issue 17, item 7: HTTPS to Kepware by default; plain HTTP only on this machine or when asked for loudly.
@Suite struct KepwareTransportChoiceTests {
    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    @Test("without a flag the API is reached over HTTPS on 57512 (nothing listens: the error names the https URL)")
    func httpsByDefault() async throws {
        let result = try await runner.run(["kepware", "log", "--kepware-host", "127.0.0.1", "--kepware-timeout", "2"],
                                          environment: ["KEPEDGE_KEPWARE_PASSWORD": "p"], timeout: .seconds(30))
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("https://127.0.0.1:57512"))
    }

    @Test("plain HTTP to another machine is refused without --kepware-insecure-http, and nothing is sent")
    func remoteHTTPRefused() async throws {
        let result = try await runner.run(["kepware", "log", "--kepware-host", "192.0.2.10", "--kepware-http"],
                                          environment: ["KEPEDGE_KEPWARE_PASSWORD": "p"], timeout: .seconds(30))
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("http://192.0.2.10:57412/config/v1 is plain HTTP to another machine"))
        #expect(result.stderr.contains("--kepware-insecure-http"))
    }

    @Test("--kepware-insecure-http to another machine warns loudly before trying")
    func remoteHTTPWarned() async throws {
        let result = try await runner.run(["kepware", "log", "--kepware-host", "192.0.2.10", "--kepware-insecure-http", "--kepware-timeout", "1"],
                                          environment: ["KEPEDGE_KEPWARE_PASSWORD": "p"], timeout: .seconds(30))
        #expect(result.stderrLines.first?.hasPrefix("kepedge: note: WARNING: plain HTTP to 192.0.2.10") == true)
    }
}
