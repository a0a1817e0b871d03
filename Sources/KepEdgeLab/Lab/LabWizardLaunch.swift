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
    /// (edgeHub-worded authentication lines) and what arrived upstream.
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
            WizardEventSource(name: "arrived upstream", source: .kepware) { [self] _ in upstreamEvents() },
        ]
        return LabWizardLaunch(prefill: wizardPrefill, runtimeConfiguration: configuration)
    }
}
