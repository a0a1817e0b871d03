import ArgumentParser

/// `kepedge sas`: make or inspect SAS tokens. Without a subcommand it makes one.
struct SASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sas",
        abstract: "Make a device SAS token (Kepware's MQTT password), or inspect one.",
        subcommands: [SASGenerateCommand.self, SASInspectCommand.self],
        defaultSubcommand: SASGenerateCommand.self
    )
}
