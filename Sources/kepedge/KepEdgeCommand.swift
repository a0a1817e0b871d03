import ArgumentParser
import CKepEdgeBuildInfo
import Foundation
import KepEdgeCore
import KepEdgeProbes

@main
struct KepEdgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kepedge",
        abstract: "Connect Kepware's MQTT agent to Azure IoT Hub through an IoT Edge gateway, and check every step.",
        version: versionLine,
        subcommands: [
            SASCommand.self, TLSCommand.self, CertsCommand.self, NamesCommand.self, RegisterCommand.self,
            AgentCommand.self, KepwareCommand.self, MonitorCommand.self, UISelfTestCommand.self, CheckCommand.self, WizardCommand.self,
            LabCommand.self,
        ],
        defaultSubcommand: WizardCommand.self
    )

    /// `--version`: the package version and the commit scripts/build-deb stamped (a plain `swift build` has none).
    static var versionLine: String {
        let commit = String(cString: kepedge_build_commit())
        return "\(KepEdgeVersion.current) (commit \(commit.isEmpty ? "not recorded: built without scripts/build-deb" : commit))"
    }

    /// Runs the command line with kepedge's exit codes: 0 ok, 1 a check failed, 2 usage or input error.
    /// ArgumentParser's own usage errors would exit 64; they are mapped to 2 here.
    static func main() async {
        // `--version` alone is answered before anything else: parsing the command tree looks up protocol
        // conformances across every module linked in, which costs more than the rest of the answer.
        if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--version" {
            StandardOutput.write(versionLine + "\n")
            Foundation.exit(0)
        }
        // Before any key, token or password is read: none of them may end up in a core file.
        CoreDumpGuard.engage()
        // Before any TLS: kepedge may end while a reader thread is inside OpenSSL (see OpenSSLExit).
        OpenSSLExit.keepStateUntilExit()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            CommandOutput.flushNotesAfterRun()
        } catch let failure as CLIFailure {
            // A failure is one line on its own: the notes kept for after the run are not said.
            StandardError.write("kepedge: \(failure.message)\n")
            Foundation.exit(failure.exitCode)
        } catch {
            let exitCode = Self.exitCode(for: error)
            if exitCode == .success {
                // --help and --version
                print(Self.fullMessage(for: error))
                Foundation.exit(0)
            }
            // One line, like our own input errors: what is wrong, then where to look.
            let message = Self.message(for: error)
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: "; ")
            StandardError.write("kepedge: \(message); run 'kepedge --help' for usage\n")
            Foundation.exit(CLIFailure.usageExitCode)
        }
    }
}
