import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge register`: creates Kepware's device under the IoT Edge device in IoT Hub, or prints the `az` commands.
struct RegisterCommand: AsyncParsableCommand {
    static let ownerEnvironmentVariable = "KEPEDGE_HUB_OWNER_CONNECTION_STRING"

    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register Kepware's device in IoT Hub with the IoT Edge device as its parent.",
        discussion: """
            Needs a hub connection string with Registry write rights (iothubowner), from --owner-connection-string-file \
            or \(ownerEnvironmentVariable). Without one, prints the az commands to run instead.
            """
    )

    @OptionGroup var identity: HubDeviceOptions

    @Option(help: ArgumentHelp("The IoT Edge device id of the gateway (the parent).", valueName: "id"))
    var edgeDevice: String?

    @Option(help: ArgumentHelp("A file holding only the hub-owner connection string.", valueName: "file"))
    var ownerConnectionStringFile: String?

    @Option(help: ArgumentHelp("The hub-owner connection string itself (lands in shell history: prefer the file or \(RegisterCommand.ownerEnvironmentVariable)).", valueName: "string"))
    var ownerConnectionString: String?

    @Option(help: ArgumentHelp("Connect to host:port instead of the hub (a test hub); the token still names the hub.", valueName: "host:port"))
    var registryEndpoint: String?

    @Option(help: ArgumentHelp("An extra trusted root certificate (PEM) for the registry, e.g. a TLS-inspecting proxy's CA.", valueName: "file"))
    var registryCa: String?

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

        let picked = try SecretSourceChoice.pick([
            .init(name: "--owner-connection-string", value: ownerConnectionString, kind: .inline),
            .init(name: "--owner-connection-string-file", value: ownerConnectionStringFile, kind: .file),
            SecretSourceChoice.environment(Self.ownerEnvironmentVariable, in: environment),
        ], what: "the hub-owner connection string")
        guard let (source, text) = picked else {
            let hub = try identity.resolvedHub()
            try printAzCommands(hub: hub, device: device, edge: edge)
            return
        }
        let owner: HubOwnerConnectionString
        do { owner = try HubOwnerConnectionString(parsing: text) } catch { throw CLIFailure.input("\(source): \(error.description)") }
        _ = try identity.resolvedHub(fallback: owner.hub, fallbackSource: source)

        var options = RegistryClientOptions()
        options.extraRootFile = registryCa
        options.environment = environment
        if let registryEndpoint {
            let parts = registryEndpoint.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
                throw CLIFailure.input("--registry-endpoint \(registryEndpoint): give host:port, e.g. 127.0.0.1:8443")
            }
            options.endpointOverride = (String(parts[0]), port)
        }
        let client: RegistryClient
        do { client = try RegistryClient(owner: owner, options: options) } catch { throw CLIFailure.checkFailed(error.description) }
        let outcome: DeviceRegistrationOutcome
        var routes: CheckResult?
        do {
            outcome = try await DeviceRegistration(client: client).register(device: device, edgeDevice: edge, setParentIfMissing: setParent)
            routes = try? await client.edgeHubRoutes(edgeDevice: edge.rawValue).check(edgeDevice: edge.rawValue)
        } catch {
            await client.shutdown()
            throw CLIFailure.checkFailed(error.description)
        }
        await client.shutdown()
        let checks = outcome.checks + (routes.map { [$0] } ?? [])
        let key = outcome.device.primaryKey
        let connection = key.map { "HostName=\(owner.hub.hostName);DeviceId=\(device.rawValue);SharedAccessKey=\($0.base64.revealed)" }
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
            print("No hub-owner connection string (--owner-connection-string-file or \(Self.ownerEnvironmentVariable)).")
            print("Sign in with 'az login' and run:")
            print("")
            for command in commands { print("  \(command)") }
        }
    }
}
