import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge kepware`: Kepware's Configuration API.
struct KepwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kepware",
        abstract: "Read from Kepware's Configuration API.",
        subcommands: [KepwareLogCommand.self]
    )
}

/// `kepedge kepware log [--limit N] [--agent NAME]`: Kepware's event log, optionally only lines about one agent.
struct KepwareLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show Kepware's event log (GET /config/v1/event_log).")

    @OptionGroup var kepware: KepwareConnectionOptions

    @Option(help: ArgumentHelp("How many entries (default 100).", valueName: "n"))
    var limit: Int = 100

    @Option(help: ArgumentHelp("Only entries that mention this agent.", valueName: "name"))
    var agent: String?

    @Flag(help: "Print the entries as JSON.")
    var json = false

    func run() async throws {
        try kepware.validateNumbers()
        try NumberOptions.whole(limit, option: "--limit", unit: "entries", in: 1...10_000)
        let client = try await kepware.connect()
        let entries: [KepwareEventLogEntry]
        do { entries = try await client.eventLog(limit: limit, start: nil) } catch {
            await client.shutdown()
            throw CLIFailure.checkFailed(error.description)
        }
        await client.shutdown()
        let shown = agent.map { name in entries.filter { $0.message.contains(name) } } ?? entries
        if json {
            try JSONOutput.print(shown)
            return
        }
        if shown.isEmpty { print(agent.map { "No event-log entries mention '\($0)'." } ?? "The event log is empty.") }
        for entry in shown {
            // Every field is Kepware's text: shown, never acted on by the terminal.
            let event = TerminalText.oneLine(entry.event).padding(toLength: 11, withPad: " ", startingAt: 0)
            print("\(TerminalText.oneLine(entry.timestamp))  \(event) \(TerminalText.oneLine(entry.source))  \(TerminalText.oneLine(entry.message))")
        }
    }
}
