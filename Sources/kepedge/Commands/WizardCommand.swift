import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeRuntime

/// `kepedge wizard` (also `kepedge` alone): the interactive six-step setup.
struct WizardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "The interactive setup: certificate, names, device, SAS token, Kepware agent, validation.",
        discussion: "Needs a terminal of at least 80x24. In scripts use 'kepedge check' and 'kepedge monitor'."
    )

    @Option(help: "Session file to resume from and save to (default: ~/.local/state/kepedge/session.json).")
    var session: String?

    @Option(help: "IoT Edge config file (default: /etc/aziot/config.toml, then /etc/iotedge/config.yaml).")
    var config: String?

    func run() async throws {
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw CLIFailure.input("--config \(config): no such file; give the IoT Edge config (/etc/aziot/config.toml)")
        }
        let sessionPath = session ?? SessionStore.defaultPath()
        let now = Date()
        let initialState: Wizard.State
        do {
            initialState = try SessionStore(path: sessionPath).load()?.restoredState(now: now) ?? Wizard.State(now: now)
        } catch {
            throw CLIFailure.input("session \(sessionPath): \(error); give another with --session FILE, or delete it to start afresh")
        }
        var configuration = WizardRuntimeConfiguration.readingEdgeConfig(config)
        // Step 6's Flow row: edgeHub's own counters, found with docker inspect edgeHub.
        configuration.edgeHubMetrics = .discover
        let code = try await WizardApp.run(initialState: initialState, configuration: configuration, sessionPath: sessionPath)
        // The terminal is given back by now; a signal's 128+n is the exit status scripts expect.
        if code != 0 { Foundation.exit(code) }
    }
}
