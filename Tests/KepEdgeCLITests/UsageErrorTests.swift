import Foundation
import KepEdgeTestSupport
import Testing

/// Mistyped command lines get the same one-line answer as bad input: what is wrong, where to look, exit 2.
@Suite struct UsageErrorTests {
    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    @Test(arguments: [
        (["sas", "--bogus"], "Unknown option '--bogus'"),
        (["check", "--port"], "Missing value for '--port <port>'"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
    func usageErrorIsOneLineWithExitTwo(arguments: [String], expected: String) async throws {
        let result = try await runner.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "kepedge: \(expected); run 'kepedge --help' for usage\n")
    }
}
