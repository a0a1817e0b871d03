import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge monitor --hub-events`: IoT Hub's built-in endpoint read as `az iot hub monitor-events` reads it
/// (AMQPS 5671, the redirect, CBS, one receiver per partition from --from), kept to --device when given.
struct MonitorHubEventsOptions: ParsableArguments {
    @Flag(help: "Read IoT Hub's built-in Event Hub-compatible endpoint (AMQPS 5671) with the hub-owner connection string.")
    var hubEvents = false

    @Option(name: [.customLong("hub-owner-file"), .customLong("owner-connection-string-file")],
            help: ArgumentHelp("A file holding only a connection string of a policy with ServiceConnect (iothubowner or service), or set \(HubOwnerOptions.environmentVariable).", valueName: "file"))
    var hubOwnerFile: String?

    @Option(help: ArgumentHelp("Events enqueued after: now (default), epoch milliseconds, or an ISO 8601 time.", valueName: "now|TIME"))
    var from = "now"

    @OptionGroup var endpoint: HubEventsEndpointOptions

    /// The request, nil without --hub-events; bad input throws one clear line.
    func request(device: String?, environment: [String: String], now: Date) throws -> HubEventsRequest? {
        guard hubEvents else { return nil }
        let picked = try SecretSourceChoice.pick([
            .init(name: "--hub-owner-file", value: hubOwnerFile, kind: .file),
            SecretSourceChoice.environment(HubOwnerOptions.environmentVariable, in: environment),
        ], what: "the hub-owner connection string")
        guard let (source, text) = picked else {
            throw CLIFailure.input("--hub-events needs the hub-owner connection string: give --hub-owner-file FILE or set \(HubOwnerOptions.environmentVariable)")
        }
        let owner: HubOwnerConnectionString
        do { owner = try HubOwnerConnectionString(parsing: text) } catch { throw CLIFailure.input("\(source): \(error.description)") }
        guard let start = HubEventsStart.parse(from, now: now) else {
            throw CLIFailure.input("--from \"\(from.prefix(60))\" is not a time: give now, epoch milliseconds or an ISO 8601 time like 2026-12-02T12:00:00Z")
        }
        return try endpoint.endpoint().request(owner: owner, device: device, from: start)
    }
}
