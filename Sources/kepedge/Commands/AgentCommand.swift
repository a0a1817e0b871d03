import ArgumentParser

/// `kepedge agent`: Kepware's IoT Gateway MQTT Client agent.
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Kepware's IoT Gateway MQTT Client agent settings.",
        subcommands: [AgentPrintCommand.self, AgentPushCommand.self, AgentRotateCommand.self]
    )
}
