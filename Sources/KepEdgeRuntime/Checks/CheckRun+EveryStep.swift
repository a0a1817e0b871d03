import Foundation
import KepEdgeCore
import KepEdgeProbes

extension CheckRun {
    /// What `kepedge check` was given besides the wizard's state: what steps 3 and 5 may read, a token to
    /// check, step 6's choices and extra sources.
    public struct Inputs: Sendable {
        /// Why the registry is not read (no hub-owner connection string given), or nil to read it.
        public var registryNotGivenReason: String?
        /// Why Kepware is not read (no password given), or nil to read it.
        public var kepwareNotGivenReason: String?
        /// A token the engineer gave, checked instead of one generated from the device key.
        public var givenToken: SASToken?
        /// Connect as the device in step 6 even when Kepware's agent holds the session.
        public var probeAsDevice = false
        /// The lab broker's log: its path and text, already read.
        public var brokerLog: (path: String, text: String)?
        /// edgeHub's metrics URL; nil: found with `docker inspect edgeHub`.
        public var edgeHubMetrics: String?
        /// Time between the two scrapes of edgeHub's counters, and how long IoT Hub's endpoint is listened to.
        public var flowInterval: Duration = .seconds(15)
        /// Where IoT Hub's built-in endpoint is read with the hub-owner connection string (`hub-arrival`).
        public var hubEvents = HubEventsEndpoint()
        /// Where `docker` is looked for (`PATH`).
        public var searchPath: String? = ProcessInfo.processInfo.environment["PATH"]

        public init(registryNotGivenReason: String?, kepwareNotGivenReason: String?) {
            self.registryNotGivenReason = registryNotGivenReason
            self.kepwareNotGivenReason = kepwareNotGivenReason
        }
    }

    /// Every step's checks in order, then step 6's logs, edgeHub's counters and IoT Hub's endpoint (the last
    /// two watch the same seconds of traffic, side by side): what `kepedge check` prints.
    public func everyStep(_ inputs: Inputs) async -> CheckReport {
        var checks: [Check] = []
        checks += await certificate()
        checks += await names()
        checks += await device(notGivenReason: inputs.registryNotGivenReason)
        checks += inputs.givenToken.map(sas(given:)) ?? sas()
        checks += await agent(notGivenReason: inputs.kepwareNotGivenReason)
        checks += await validation(probeAnyway: inputs.probeAsDevice)
        checks += await recentLogs(brokerLog: inputs.brokerLog)
        let arrivalInputs = hubArrivalInputs
        async let arrival = Self.hubArrival(inputs: arrivalInputs, endpoint: inputs.hubEvents,
                                            notGivenReason: inputs.registryNotGivenReason, watch: inputs.flowInterval)
        checks += await edgeHubFlow(given: inputs.edgeHubMetrics, interval: inputs.flowInterval, searchPath: inputs.searchPath)
        checks += await arrival
        return CheckReport(checks: checks)
    }
}
