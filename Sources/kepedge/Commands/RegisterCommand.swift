import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge register`: creates Kepware's device under the IoT Edge device in IoT Hub, or prints the `az` commands.
struct RegisterCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register Kepware's device in IoT Hub with the IoT Edge device as its parent.",
        discussion: """
            Needs a hub connection string with Registry write rights (iothubowner), from --owner-connection-string-file \
            or \(HubOwnerOptions.environmentVariable). Without one, prints the az commands to run instead.
            """
    )

    @OptionGroup var identity: HubDeviceOptions

    @Option(help: ArgumentHelp("The IoT Edge device id of the gateway (the parent).", valueName: "id"))
    var edgeDevice: String?

    @OptionGroup var hubOwner: HubOwnerOptions

    @Flag(help: "When the device exists without the edge device as parent, set the parent (PUT with If-Match).")
    var setParent = false

    @Flag(help: "Print the device's connection string unmasked.")
    var showSecrets = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let device = try identity.resolvedDevice()
        guard let edgeDevice, !edgeDevice.isEmpty else { throw CLIFailure.input("--edge-device is missing: give the IoT Edge device id of the gateway") }
        let edge: DeviceID
        do { edge = try DeviceID(validating: edgeDevice) } catch { throw CLIFailure.input("--edge-device: \(error.description)") }

        guard let (owner, source) = try hubOwner.owner(environment: environment) else {
            let hub = try identity.resolvedHub()
            try printAzCommands(hub: hub, device: device, edge: edge)
            return
        }
        _ = try identity.resolvedHub(fallback: owner.hub, fallbackSource: source)
        let client = try hubOwner.client(owner: owner, environment: environment)
        let outcome: DeviceRegistrationOutcome
        var routes: EdgeHubRoutes?
        do {
            outcome = try await DeviceRegistrar(client: client).register(device: device, edgeDevice: edge, setParentIfMissing: setParent)
            routes = try? await client.edgeHubRoutes(edgeDevice: edge.rawValue)
        } catch {
            await client.shutdown()
            throw CLIFailure.checkFailed(error.description)
        }
        await client.shutdown()
        let registration = DeviceRegistration(outcome.device, created: outcome.action == .created, edgeScope: outcome.edgeScope, routes: routes)
        let key = DeviceStep.Key(hub: owner.hub, device: device, edgeDevice: edge)
        let checks = [DeviceStep.enabledCheck(registration), DeviceStep.parentCheck(registration, key: key)]
            + (routes.map { [$0.check(edgeDevice: edge.rawValue)] } ?? [])
        let connection = outcome.device.primaryKey.map { "HostName=\(owner.hub.hostName);DeviceId=\(device.rawValue);SharedAccessKey=\($0.base64.revealed)" }
        let shown = connection.map { showSecrets ? $0 : Secret($0).masked }
        if json {
            struct Report: Encodable {
                let action: String; let device: String; let edgeDevice: String; let deviceScope: String?
                let connectionString: String?; let checks: [CheckResult]
            }
            try JSONOutput.print(Report(action: outcome.action.rawValue, device: device.rawValue, edgeDevice: edge.rawValue,
                                        deviceScope: outcome.device.deviceScope, connectionString: shown, checks: checks))
        } else {
            let words: [DeviceRegistrationOutcome.Action: String] = [
                .created: "created with \(edge.rawValue) as parent", .existed: "already registered with \(edge.rawValue) as parent",
                .parentSet: "existed; \(edge.rawValue) is now its parent", .parentMissing: "exists, but \(edge.rawValue) is NOT its parent",
            ]
            print("Device \(device.rawValue) in \(owner.hub.hostName): \(words[outcome.action] ?? "")")
            print("  deviceScope: \(outcome.device.deviceScope ?? "none")")
            if let shown { print("  connection string: \(shown)") }
            for check in checks {
                print("  [\(check.status.rawValue)] \(check.title)")
                for detail in check.details { print("      \(detail)") }
                if let fix = check.fix { print("      fix: \(fix)") }
            }
        }
        if checks.contains(where: { $0.status == .error }) {
            throw CLIFailure.checkFailed("device \(device.rawValue) is registered but not ready: \(checks.first { $0.status == .error }?.fix ?? "")")
        }
    }

    private func printAzCommands(hub: IoTHubHost, device: DeviceID, edge: DeviceID) throws {
        let commands = AzCLICommands.register(hub: hub, device: device, edgeDevice: edge)
        if json {
            try JSONOutput.print(["azCommands": commands])
        } else {
            print("No hub-owner connection string (--owner-connection-string-file or \(HubOwnerOptions.environmentVariable)).")
            print("Sign in with 'az login' and run:")
            print("")
            for command in commands { print("  \(command)") }
        }
    }
}
