import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeLab

/// `kepedge lab`: an IoT Edge gateway, IoT Hub and Kepware on this machine (127.0.0.1), to learn the
/// procedure or to practise troubleshooting with `--fault`. See docs/lab.md.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run an embedded edge gateway (mosquitto as edgeHub), IoT Hub and Kepware on 127.0.0.1.",
        discussion: """
            Without --no-ui it prints where everything listens and opens the wizard on the lab.
            --no-ui runs until Ctrl-C or SIGTERM and prints one JSON object on its first line: endpoints,
            credential files (mode 0600), a session file and checkCommand, the kepedge check that checks the lab.
            Faults (--fault NAME): \(LabFault.namesList).
            Needs mosquitto (apt-get install mosquitto); building its plugin needs mosquitto-dev.
            """
    )

    @Flag(name: .customLong("no-ui"), help: "Run headless: print the lab's JSON on the first line, stop on Ctrl-C or SIGTERM.")
    var noUI = false

    @Option(help: "The gateway's hostname: config.toml hostname, the server certificate's name, Kepware's broker URL.")
    var hostname = "localhost"

    @Option(help: ArgumentHelp("Start with a known fault: \(LabFault.namesList).", valueName: "name"))
    var fault: String?

    @Option(name: .customLong("edge-version"), help: ArgumentHelp("The IoT Edge release the gateway behaves as: 1.1 (config.yaml, the token's hub compared case included) or 1.5 (config.toml, case ignored; also 1.2-1.4).", valueName: "version"))
    var edgeVersion = "1.5"

    @Option(help: ArgumentHelp("The broker plugin libkepedge-broker-auth.so (default: $\(LabPlugin.environmentVariable), else next to kepedge, else ../lib/kepedge/ as the Debian package installs it).", valueName: "file"))
    var plugin: String?

    func run() async throws {
        let chosenFault = try parsedFault()
        let release: IoTEdgeRelease
        switch edgeVersion {
        case "1.1": release = .v1_1
        case "1.2", "1.3", "1.4", "1.5": release = .v1_2OrLater
        default: throw CLIFailure.input("--edge-version \(edgeVersion): not a release the lab imitates; give 1.1 or 1.5 (1.2 to 1.4 behave as 1.5)")
        }
        do {
            // The same rule as the agent's broker URL.
            _ = try GatewayMQTTSettings(gatewayHostName: hostname, hub: IoTHubHost(parsing: Lab.hubHost), device: DeviceID(validating: Lab.kepwareDeviceID))
        } catch {
            throw CLIFailure.input("--hostname \(hostname): \(error); give a host name such as localhost or gw01.plant.local")
        }
        let executable = Bundle.main.executableURL?.path ?? CommandLine.arguments[0]
        var options = Lab.Options(pluginPath: try LabPlugin.locate(given: plugin, executable: executable), kepedgeExecutable: executable)
        options.hostname = hostname
        options.fault = chosenFault
        options.edgeRelease = release
        // Headless, and with a fault, the lab is a deployed gateway (a Kepware device and its running agent):
        // with a fault the wizard opens on that broken setup, as in a troubleshooting session.
        options.provisionKepwareDevice = noUI || chosenFault != nil

        if !noUI, isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            throw CLIFailure.input("the lab's wizard needs an interactive terminal; in scripts and pipes use 'kepedge lab --no-ui'")
        }
        // SIGHUP and SIGQUIT too: a dropped SSH session or Ctrl-\ must not leave the broker and the folder behind.
        let stopSignal = StopSignal.install([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
        let lab: Lab
        do {
            lab = try await Lab.start(options)
        } catch let setup as LabSetupError {
            throw CLIFailure.checkFailed("the lab cannot start: \(setup.description)")
        } catch {
            throw CLIFailure.checkFailed("the lab cannot start: \(error); nothing was left running")
        }
        if noUI {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let line = String(decoding: (try? encoder.encode(lab.manifest)) ?? Data("{}".utf8), as: UTF8.self)
            StandardOutput.write(line + "\n")
            StandardError.write("kepedge lab: running in \(lab.manifest.folder); Ctrl-C stops it and removes the folder\n")
        } else {
            StandardOutput.write(LabSummary.text(lab.manifest) + "\n")
            let exitCode: Int32
            do {
                // The lab's folder goes when it stops: no session file to save to.
                let launch = lab.wizardLaunch
                // From here the wizard's loop owns the stop signals (it ends, then the lab stops below):
                // a dispatch source listening beside it took them from the loop's handler.
                stopSignal.cancel()
                exitCode = try await WizardApp.run(initialState: launch.prefill, configuration: launch.runtimeConfiguration, sessionPath: nil)
            } catch {
                await lab.stop()
                throw error
            }
            await lab.stop()
            // The terminal is given back and the lab stopped by now; a signal's 128+n is the exit status.
            if exitCode != 0 { Foundation.exit(exitCode) }
            return
        }
        let received = await stopSignal.wait()
        await lab.stop()
        StandardError.write("kepedge lab: \(received) received; broker and agents stopped, \(lab.manifest.folder) removed\n")
    }

    private func parsedFault() throws -> LabFault? {
        guard let fault else { return nil }
        guard let known = LabFault(rawValue: fault) else {
            throw CLIFailure.input("--fault \(fault): no such fault; give one of: \(LabFault.namesList)")
        }
        return known
    }
}
