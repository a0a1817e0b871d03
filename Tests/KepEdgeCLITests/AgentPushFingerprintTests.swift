import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeTestSupport
import Testing

/// `kepedge agent push`'s question about Kepware's certificate, against the fake Kepware over HTTPS: without
/// a terminal it refuses and names `--kepware-fingerprint`; at a terminal it asks and trusts only on yes.
/// (`kepedge check`'s steps 3 and 5 are tested in-process in `CheckRunAgainstFakesTests`.)
@Suite(.serialized)
struct AgentPushFingerprintTests {
    static let deviceKey = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let kepwarePassword = "plant-pass"

    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    func pushArgumentsWithoutTrust(_ kepware: FakeKepwareConfigAPI, state: String) -> [String] {
        ["agent", "push", "--gateway", "gw.plant.local", "--hub", "lab-hub", "--device", "kepware-01", "--wait", "5",
         "--kepware-https", "--kepware-port", String(kepware.port), "--state-file", state]
    }

    @Test func withoutATerminalPushRefusesAndNamesTheFingerprintFlag() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword], runner: FixedAgentRunner(.connected), httpsIn: directory.path)
        let fingerprint = try #require(try kepware.certificates?.fingerprint())
        let result = try await runner.run(pushArgumentsWithoutTrust(kepware, state: directory.file("s.json")),
                                          environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": Self.kepwarePassword],
                                          stdin: Data("y\n".utf8))
        let agent = await kepware.agent("kepware-01")
        await kepware.stop()
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--kepware-fingerprint \(fingerprint)"))
        #expect(!result.stderr.contains("Trust this certificate"))
        #expect(agent == nil)
    }

    /// Through a pseudo-terminal (`script`): the question shows the fingerprint, subject and validity;
    /// "n" refuses with exit 2, "y" pushes.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func atATerminalPushAsksAndTrustsOnlyOnYes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": Self.kepwarePassword], runner: FixedAgentRunner(.connected), httpsIn: directory.path)
        let fingerprint = try #require(try kepware.certificates?.fingerprint())
        let command = ([runner.executable.path] + pushArgumentsWithoutTrust(kepware, state: directory.file("s.json")))
            .map { "'\($0)'" }.joined(separator: " ")
        let script = BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/script"))
        let environment = ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": Self.kepwarePassword]

        let refused = try await script.run(["-qec", command, "/dev/null"], environment: environment, stdin: Data("n\n".utf8), timeout: .seconds(30))
        #expect(refused.stdout.contains("Trust this certificate? [y/N]"), "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains(fingerprint))
        #expect(refused.stdout.contains("subject:") && refused.stdout.contains("valid:"))
        #expect(refused.stdout.contains("was not trusted") && refused.stdout.contains("--kepware-fingerprint"))
        #expect(refused.exitCode == 2)
        #expect(await kepware.agent("kepware-01") == nil)

        let accepted = try await script.run(["-qec", command, "/dev/null"], environment: environment, stdin: Data("yes\n".utf8), timeout: .seconds(30))
        let agent = await kepware.agent("kepware-01")
        await kepware.stop()
        #expect(accepted.exitCode == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("created"))
        #expect(agent != nil)
    }
}
