import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeRuntime

/// What the wizard needs to open on a lab: its fields prefilled (everything but what the engineer is meant
/// to enter: the device id and the token lifetime) and a runtime pointed at the lab's parts, with the lab's
/// extra event sources for the message pane.
public struct LabWizardLaunch: Sendable {
    public let prefill: Wizard.State
    /// The lab's config.toml, its fake hub (endpoint and CA) and its message sources: the broker log
    /// (edgeHub-worded authentication lines); what arrived in IoT Hub is read from its AMQP endpoint.
    public let runtimeConfiguration: WizardRuntimeConfiguration
}

extension Lab {
    /// The wizard's launch for this lab.
    public var wizardLaunch: LabWizardLaunch {
        var configuration = WizardRuntimeConfiguration.readingEdgeConfig(manifest.edgeConfig)
        configuration.registryEndpointOverride = (host: "127.0.0.1", port: hub.port)
        configuration.registryCAFile = manifest.hub.registryCAFile
        // A lab has no edgeHub container: its broker log plays edgeHub's log.
        configuration.edgeHubLogCommands = []
        configuration.eventSources = [
            WizardEventSource(name: "lab broker log", source: .broker) { [self] _ in brokerLogEvents() },
        ]
        // What arrived in the cloud comes, as in the field, from IoT Hub's built-in endpoint read with step 3's
        // hub-owner connection string: the lab's AMQP endpoint, dialled on loopback, trusted through its CA.
        configuration.hubEvents = manifest.hubEvents.flatMap { HubEventsEndpoint(dialing: $0.endpoint, caFile: $0.caFile) }
        // The lab edgeHub's /metrics: step 6's Flow row and flow lines, without a connection as the device.
        configuration.edgeHubMetrics = manifest.edgeHubMetrics.map(EdgeHubMetricsChoice.url)
        return LabWizardLaunch(prefill: wizardPrefill, runtimeConfiguration: configuration)
    }
}
