import ArgumentParser
import Foundation
import KepEdgeCore

@main
struct KepEdgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kepedge",
        abstract: "Connect Kepware's MQTT agent to Azure IoT Hub through an IoT Edge gateway, and check every step.",
        version: KepEdgeVersion.current,
        subcommands: [
            SASCommand.self, TLSCommand.self, CertsCommand.self, NamesCommand.self, RegisterCommand.self,
            AgentCommand.self, KepwareCommand.self, MonitorCommand.self, UISelfTestCommand.self, CheckCommand.self,
            LabCommand.self,
        ]
    )

    /// Runs the command line with kepedge's exit codes: 0 ok, 1 a check failed, 2 usage or input error.
    /// ArgumentParser's own usage errors would exit 64; they are mapped to 2 here.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CLIFailure {
            FileHandle.standardError.write(Data("kepedge: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            let exitCode = Self.exitCode(for: error)
            if exitCode == .success {
                // --help and --version
                print(Self.fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = Self.message(for: error)
            FileHandle.standardError.write(Data("kepedge: \(message)\n".utf8))
            FileHandle.standardError.write(Data("Run 'kepedge --help' for usage.\n".utf8))
            Foundation.exit(CLIFailure.usageExitCode)
        }
    }
}
