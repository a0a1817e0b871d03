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

    @Option(help: ArgumentHelp("The consumer group to read in (default $Default; at most 5 readers per partition share one).", valueName: "name"))
    var consumerGroup = "$Default"

    @Option(help: ArgumentHelp("Events enqueued after: now (default), epoch milliseconds, or an ISO 8601 time.", valueName: "now|TIME"))
    var from = "now"

    @Option(help: ArgumentHelp("Dial host:port for IoT Hub and its Event Hub-compatible endpoint (a lab); TLS still checks the real names.", valueName: "host:port"))
    var hubEventsEndpoint: String?

    @Option(help: ArgumentHelp("An extra trusted root (PEM) for the endpoint: a lab's CA, a TLS-inspecting proxy's.", valueName: "file"))
    var hubEventsCa: String?

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
        guard !consumerGroup.isEmpty, !consumerGroup.contains("/") else {
            throw CLIFailure.input("--consumer-group \"\(consumerGroup.prefix(60))\" is not a consumer group name; the default is $Default")
        }
        var request = HubEventsRequest(owner: owner, from: start)
        request.consumerGroup = consumerGroup
        request.device = device
        if let hubEventsEndpoint {
            guard let colon = hubEventsEndpoint.lastIndex(of: ":"), colon != hubEventsEndpoint.startIndex,
                  let port = Int(hubEventsEndpoint[hubEventsEndpoint.index(after: colon)...]), (1...65535).contains(port) else {
                throw CLIFailure.input("--hub-events-endpoint \"\(hubEventsEndpoint.prefix(80))\" is not HOST:PORT; e.g. 127.0.0.1:5671")
            }
            request.dialHost = String(hubEventsEndpoint[..<colon])
            request.port = port
        }
        if let hubEventsCa {
            guard FileManager.default.isReadableFile(atPath: hubEventsCa) else {
                throw CLIFailure.input("--hub-events-ca \(hubEventsCa): cannot read the file; check the path and its permissions")
            }
            request.caFile = hubEventsCa
        }
        return request
    }
}
