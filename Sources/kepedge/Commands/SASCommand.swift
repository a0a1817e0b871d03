import ArgumentParser

/// `kepedge sas`: make or inspect SAS tokens. Without a subcommand it makes one.
struct SASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sas",
        abstract: "Make a device SAS token (Kepware's MQTT password), or inspect one.",
        discussion: """
            kepedge sas --hub myhub --device kepware-01 --key-file device.key [--ttl 30d]
            kepedge sas inspect - < token.txt
            'kepedge sas generate --help' lists every option for making a token.
            """,
        subcommands: [SASGenerateCommand.self, SASInspectCommand.self],
        defaultSubcommand: SASGenerateCommand.self
    )
}
