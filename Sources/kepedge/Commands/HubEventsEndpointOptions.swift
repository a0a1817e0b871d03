import ArgumentParser
import Foundation
import KepEdgeProbes

/// Where IoT Hub's built-in endpoint is read (`kepedge monitor --hub-events`, `kepedge check`): the consumer
/// group, and for a lab or a proxy the address to dial and an extra trusted root.
struct HubEventsEndpointOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The consumer group to read IoT Hub's events in (default $Default; at most 5 readers per partition share one).", valueName: "name"))
    var consumerGroup = "$Default"

    @Option(help: ArgumentHelp("Dial host:port for IoT Hub and its Event Hub-compatible endpoint (a lab); TLS still checks the real names.", valueName: "host:port"))
    var hubEventsEndpoint: String?

    @Option(help: ArgumentHelp("An extra trusted root (PEM) for IoT Hub's events endpoint: a lab's CA, a TLS-inspecting proxy's.", valueName: "file"))
    var hubEventsCa: String?

    /// The endpoint the options describe; bad input throws one clear line.
    func endpoint() throws -> HubEventsEndpoint {
        guard !consumerGroup.isEmpty, !consumerGroup.contains("/") else {
            throw CLIFailure.input("--consumer-group \"\(consumerGroup.prefix(60))\" is not a consumer group name; the default is $Default")
        }
        var endpoint = HubEventsEndpoint(consumerGroup: consumerGroup)
        if let hubEventsEndpoint {
            guard let dialled = HubEventsEndpoint(dialing: hubEventsEndpoint, caFile: nil, consumerGroup: consumerGroup) else {
                throw CLIFailure.input("--hub-events-endpoint \"\(hubEventsEndpoint.prefix(80))\" is not HOST:PORT; e.g. 127.0.0.1:5671")
            }
            endpoint = dialled
        }
        if let hubEventsCa {
            guard FileManager.default.isReadableFile(atPath: hubEventsCa) else {
                throw CLIFailure.input("--hub-events-ca \(hubEventsCa): cannot read the file; check the path and its permissions")
            }
            endpoint.caFile = hubEventsCa
        }
        return endpoint
    }
}
