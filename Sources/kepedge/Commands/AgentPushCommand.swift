import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge agent push`: creates or updates the MQTT Client agent through Kepware's Configuration API,
/// adds IoT items, reads the agent back and waits for it to connect.
struct AgentPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Create or update Kepware's MQTT Client agent through the Configuration API and wait for it to connect.",
        discussion: "The SAS token is made from the device key (--key-file or KEPEDGE_DEVICE_KEY); its expiry is kept in a 0600 state file for 'agent rotate'."
    )

    @OptionGroup var agent: AgentSettingsOptions
    @OptionGroup var kepware: KepwareConnectionOptions
    @OptionGroup var deviceKey: DeviceKeyOptions

    @Option(help: ArgumentHelp("The SAS token's lifetime, e.g. 30d (default), 12h.", valueName: "duration"))
    var tokenLifetime: String = "30d"

    @Option(name: .customLong("item"), help: ArgumentHelp("A tag to publish, e.g. Channel1.Device1.Tag1 (repeat for more).", valueName: "tag"))
    var items: [String] = []

    @Option(help: ArgumentHelp("Seconds to wait for 'is connected to broker' in Kepware's event log (0: do not wait).", valueName: "seconds"))
    var wait: Int = 60

    @Option(help: ArgumentHelp("Where to keep the agent name and token expiry for 'agent rotate'.", valueName: "file"))
    var stateFile: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        try NumberOptions.whole(wait, option: "--wait", unit: "seconds", in: 0...3600)
        try kepware.validateNumbers()
        let mqtt = try agent.mqttSettings()
        let lifetime: TokenLifetime
        do { lifetime = try TokenLifetime(parsing: tokenLifetime) } catch { throw CLIFailure.input("--token-lifetime: \(error.description)") }
        guard let key = try deviceKey.resolve(required: true) else { return }
        let expiry = lifetime.expiry(fromEpoch: Int(Date().timeIntervalSince1970))
        let token = SASToken.forDevice(hub: mqtt.hub, device: mqtt.device, key: key.key, expiry: expiry)
        let settings = try agent.agentSettings(mqtt: mqtt, password: token.value)
        let tags = try items.map { tag -> KepwareIoTItem in
            guard !tag.isEmpty, !tag.contains(where: { $0.isWhitespace }) else { throw CLIFailure.input("--item \"\(tag)\": give a tag path like Channel1.Device1.Tag1") }
            return KepwareIoTItem(serverTag: tag)
        }

        let client = try await kepware.connect()
        let report: KepwareAgentPushReport
        do {
            report = try await KepwareAgentPusher(client: client).push(settings, items: tags, connectTimeout: TimeInterval(wait))
        } catch {
            // The HTTP client must be shut down on every path before it goes away.
            await client.shutdown()
            throw CLIFailure.checkFailed(error.description)
        }
        await client.shutdown()
        let path = stateFile ?? RotationStateFile.defaultPath(agent: settings.agentName)
        do { try RotationStateFile.write(SASRotationState(agentName: settings.agentName, expiryEpoch: expiry), to: path) } catch {
            CommandOutput.note("the agent is configured, but the rotation state was not saved: \(error.description)")
        }
        let action = report.created ? "created" : "updated"
        let expiryText = DurationWording.timestamp(Date(timeIntervalSince1970: TimeInterval(expiry)))
        if json {
            try JSONOutput.print(PushJSON(agent: settings.agentName, action: action, tokenExpiry: expiryText,
                                          itemFailures: report.itemFailures, differences: report.diff.differences,
                                          connected: report.verdict?.connected, problems: report.verdict?.problems ?? []))
        } else {
            print("Agent '\(settings.agentName)' \(action) on \(kepware.host); token expires \(expiryText)")
            for failure in report.itemFailures { print(TerminalText.oneLine("  item \(failure.name ?? "?"): failed (\(failure.code)) \(failure.message ?? "")")) }
            for line in report.diff.lines { print(TerminalText.oneLine("  \(line)")) }
            if let verdict = report.verdict {
                if verdict.connected {
                    print(TerminalText.oneLine("  connected: \(verdict.connectedEntry?.message ?? "")"))
                } else {
                    print("  NOT connected within \(wait) s")
                    for problem in verdict.problems { print(TerminalText.oneLine("  \(problem.timestamp) \(problem.event): \(problem.message)")) }
                }
            }
        }
        if !report.itemFailures.isEmpty {
            throw CLIFailure.checkFailed("\(report.itemFailures.count) of \(tags.count) IoT items were not added; check the tag paths in Kepware")
        }
        if !report.diff.matches {
            throw CLIFailure.checkFailed("Kepware holds different settings than kepedge sent: \(report.diff.lines.first ?? "")")
        }
        if let verdict = report.verdict, !verdict.connected {
            throw CLIFailure.checkFailed("agent '\(settings.agentName)' did not connect to \(settings.url) within \(wait) s; see the Warning/Error lines above, then 'kepedge names' and 'kepedge sas inspect'")
        }
    }

    struct PushJSON: Encodable {
        let agent: String
        let action: String
        let tokenExpiry: String
        let itemFailures: [KepwareMultiStatus.Result]
        let differences: [KepwareAgentDiff.Difference]
        let connected: Bool?
        let problems: [KepwareEventLogEntry]
    }
}
