import KepEdgeCore

/// What the wizard needs to open on a lab: its fields prefilled (everything but what the engineer is meant
/// to enter: the device id and the token lifetime) and the lab's extra event sources for the message pane.
public struct LabWizardLaunch: Sendable {
    /// A source of monitor events; each call starts a new follower.
    public struct EventSource: Sendable {
        public let name: String
        public let events: @Sendable () -> AsyncStream<MonitorEvent>
    }

    public let prefill: Wizard.State
    /// The broker log (edgeHub-worded authentication lines) and what arrived upstream.
    public let eventSources: [EventSource]
    public let manifest: LabManifest
}

extension Lab {
    /// The wizard's launch for this lab.
    public var wizardLaunch: LabWizardLaunch {
        LabWizardLaunch(prefill: wizardPrefill, eventSources: [
            .init(name: "broker log", events: { [self] in brokerLogEvents() }),
            .init(name: "arrived upstream", events: { [self] in upstreamEvents() }),
        ], manifest: manifest)
    }
}
