import Foundation
import KepEdgeTestSupport
import Testing

/// Issue 17, item 9: a secret on the command line is readable by every user in /proc/PID/cmdline: kepedge
/// warns, and every secret can come from a file, the environment or standard input instead; a token
/// pasted at `sas inspect -` is not echoed.
@Suite struct SecretInputHardeningTests {
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    @Test("--key on the command line works and warns, naming the safer ways")
    func keyFlagWarns() async throws {
        let result = try await runner.run(["sas", "--hub", "myhub", "--device", "kepware-01", "--key", Self.key])
        #expect(result.exitCode == 0)
        #expect(result.stderrLines == ["kepedge: note: --key on the command line can be read by other users (ps, /proc/PID/cmdline) and stays in shell history; use --key-file FILE (- for standard input) or KEPEDGE_DEVICE_KEY instead"])
    }

    @Test("--key-file - reads the key from standard input, silently")
    func keyFromStandardInput() async throws {
        let result = try await runner.run(["sas", "--hub", "myhub", "--device", "kepware-01", "--key-file", "-", "--expiry", "1900000000"],
                                          stdin: Data((Self.key + "\n").utf8))
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fkepware-01&sig="))
    }

    @Test("a token pasted at 'sas inspect -' on a terminal is not shown on the screen")
    func inspectDoesNotEcho() throws {
        let token = "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fkepware-01&sig=abcdSECRETSIG%3D&se=1900000000"
        let session = try TmuxSession(width: 200, height: 10, command: TmuxSession.shellQuote(runner.executable.path) + " sas inspect -")
        defer { session.kill() }
        _ = try session.waitForText("Paste the SAS token")
        try session.type(token)
        try session.sendKeys("Enter")
        let screen = try session.waitForText("kepware-01")
        #expect(!screen.joined(separator: "\n").contains("abcdSECRETSIG"))
        #expect(!screen.joined(separator: "\n").contains("sig="))
    }
}
