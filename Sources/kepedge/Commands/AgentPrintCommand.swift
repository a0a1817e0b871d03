import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge agent print --gateway G --hub H --device D [...]`: the values to type into Kepware's agent dialog.
struct AgentPrintCommand: ParsableCommand {
    static let passwordEnvironmentVariable = DeviceTokenInput.environmentVariable

    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print the MQTT Client agent settings for Kepware, or (--json) the Configuration API body.",
        discussion: """
            The password (the SAS token) is masked unless --show-secrets is given.
            Give the token with --password-file FILE or \(passwordEnvironmentVariable) to keep it out of shell history.
            """
    )

    @OptionGroup var agent: AgentSettingsOptions

    @Option(help: ArgumentHelp("The SAS token (visible in shell history: prefer --password-file or \(AgentPrintCommand.passwordEnvironmentVariable)).", valueName: "token"))
    var password: String?

    @Option(help: ArgumentHelp("A file holding only the SAS token.", valueName: "file"))
    var passwordFile: String?

    @Flag(help: "Show the SAS token instead of masking it.")
    var showSecrets = false

    @Flag(help: "Print the Configuration API body (POST /config/v1/project/_iot_gateway/mqtt_clients).")
    var json = false

    func run() throws {
        let mqtt = try agent.mqttSettings()
        let token = try readPassword(for: mqtt)
        let settings = try agent.agentSettings(mqtt: mqtt, password: token?.value ?? Secret(""))

        if json {
            try JSONOutput.print(settings.configurationAPIBody(password: token == nil ? .omit : (showSecrets ? .revealed : .masked)))
        } else {
            let card = KepwareSettingsCard(settings: settings, revealSecrets: showSecrets, tokenExpiry: token?.inspection.expiry)
            printCard(card, hasPassword: token != nil)
        }
        if let token, token.inspection.hasPassedExpiry(at: Date()) {
            CommandOutput.note("this SAS token \(DurationWording.expiry(timeLeft: token.inspection.timeLeft(at: Date()))); edgeHub will refuse it. Make a new one with 'kepedge sas'")
        }
    }

    /// The token from exactly one of --password, --password-file, KEPEDGE_SAS_TOKEN (or none), checked against the device.
    private func readPassword(for mqtt: GatewayMQTTSettings) throws -> SASToken? {
        try DeviceTokenInput.read([
            .init(name: "--password", value: password, kind: .flag),
            .init(name: "--password-file", value: passwordFile, kind: .file),
            SecretSourceChoice.environment(Self.passwordEnvironmentVariable, in: ProcessInfo.processInfo.environment),
        ], for: mqtt)
    }

    private func printCard(_ card: KepwareSettingsCard, hasPassword: Bool) {
        print("Kepware IoT Gateway > MQTT Client agent \"\(card.agentName)\"")
        print("")
        let width = card.rows.map(\.label.count).max() ?? 0
        for row in card.rows {
            print("  " + row.label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + row.value)
            if let note = row.note {
                print("  " + String(repeating: " ", count: width + 2) + "(\(note))")
            }
        }
        print("")
        for note in card.notes { print("Note: \(note)") }
        if hasPassword, !showSecrets {
            print("The password is masked; add --show-secrets to print it (it will be on screen).")
        }
    }
}
