/// Whether Kepware's MQTT agent for the device is already set up, as far as kepedge knows, and what says so.
public enum KepwareAgentPresence: Equatable, Sendable {
    /// Kepware was not asked (no password, not reachable) or nothing was pushed yet.
    case unknown
    /// Kepware answered: no agent for this device, or it is disabled.
    case notRunning
    /// An enabled agent exists (pushed, typed in by hand, or read from Kepware), not known to be connected.
    case configured(agentName: String)
    /// An enabled agent whose event log shows it failing since its last connected line (if any): it holds no
    /// session, so a probe as the device disturbs nothing and finds out why. `problem` is the latest such line.
    case failing(agentName: String, problem: String)
    /// Kepware's event log says the agent is connected: `evidence` is that line.
    case connected(agentName: String, evidence: String)
}

/// Step 6 and `kepedge check`: connect as the device, or confirm the path by evidence that does not disturb Kepware.
///
/// edgeHub keeps one session per device: a second CONNECT with the device's id closes the first one
/// (`ConnectionManager.AddDeviceConnection` in Azure/iotedge edge-hub/core/src/Microsoft.Azure.Devices.Edge.Hub.Core:
/// `CloseAsync(new MultipleConnectionsException("Multiple connections detected for device {id}"))`), as the lab's
/// mosquitto does ("Client … already connected, closing old connection."), so a probe as the device knocks
/// Kepware's own agent off for a reconnect cycle. kepedge connects as the device only when no agent runs, or when
/// asked to.
public enum DeviceProbeDecision: Equatable, Sendable {
    /// Connect, publish once, disconnect.
    case probe
    /// Do not connect: `reason` says why, in words for the engineer.
    case useEvidence(reason: String)

    public static func decide(agent: KepwareAgentPresence, deviceID: String, confirmed: Bool) -> DeviceProbeDecision {
        if confirmed { return .probe }
        switch agent {
        case .unknown, .notRunning, .failing:
            return .probe
        case .configured(let name), .connected(let name, _):
            return .useEvidence(reason: "Kepware's agent '\(name)' uses the client id \(deviceID): a second connection with it makes edgeHub close Kepware's session (\"already connected, closing old connection\"), so kepedge confirms the path by Kepware's event log instead")
        }
    }

    /// The verdict when the probe was held back: the evidence line for a connected agent, else what to do.
    public static func evidenceCheck(agent: KepwareAgentPresence, reason: String) -> CheckResult {
        switch agent {
        case .connected(let name, let evidence):
            return CheckResult(id: .validateAgentEvidence, title: "path confirmed without disturbing Kepware: agent '\(name)' is connected (Kepware's event log)",
                               status: .ok, details: [evidence, reason])
        case .configured(let name):
            // Not an error: the log may have rolled over, or the agent is about to connect; step 5 says more.
            return CheckResult(id: .validateAgentEvidence, title: "Kepware's agent '\(name)' is configured but its event log shows no connected line",
                               status: .warning, details: [reason],
                               fix: "Read step 5's event-log lines (kepedge kepware log) for why it does not connect; to test as the device anyway, confirm the probe (it will push Kepware's agent off for a moment)")
        case .unknown, .notRunning, .failing:
            return CheckResult(id: .validateAgentEvidence, title: "no agent to take evidence from", status: .skipped, details: [reason])
        }
    }
}

extension KepwareAgentPresence {
    /// What step 5 knows: a push whose connected line appeared is a connected agent; a push without it, or settings
    /// typed in by hand, a configured one; nothing applied yet, unknown.
    public init(agentStep state: AgentStep.State) {
        guard let applied = state.appliedWith else {
            // Nothing pushed from here, but a read-only look at Kepware (`kepedge check`) may have found the agent.
            if state.inspection.value != nil, let name = AgentStep.expectedAgentName(state) {
                self.init(stepFiveResults: AgentStep.inspectionChecks(state), agentName: name)
            } else {
                self = .unknown
            }
            return
        }
        let name = applied.settings.agentName
        if let line = state.push.value?.connectedLine {
            self = .connected(agentName: name, evidence: line)
        } else if let problem = state.push.value?.eventLogProblems.last {
            self = .failing(agentName: name, problem: problem)
        } else {
            self = .configured(agentName: name)
        }
    }
}

extension KepwareAgentPresence {
    /// What `kepedge check`'s step 5 read from Kepware: `kepware-agent` ok is an enabled agent, `kepware-agent-connected`
    /// ok its connected line in the event log; `kepware-agent` error is no agent or a disabled one. Anything else
    /// (Kepware not asked, not reachable) is unknown.
    public init(stepFiveResults results: [CheckResult], agentName: String) {
        guard let agent = results.first(where: { $0.id == .kepwareAgent }) else {
            self = .unknown
            return
        }
        switch agent.status {
        case .ok:
            let connected = results.first(where: { $0.id == .kepwareAgentConnected })
            switch connected?.status {
            case .ok?:
                self = .connected(agentName: agentName, evidence: connected?.details.first ?? "")
            case .error?:
                self = .failing(agentName: agentName, problem: connected?.details.last ?? "")
            case .warning? where connected?.details.count ?? 0 > 1:
                // A connected line, then Warning/Error lines since: not connected now, as far as the log says.
                self = .failing(agentName: agentName, problem: connected?.details.last ?? "")
            default:
                self = .configured(agentName: agentName)
            }
        case .error:
            self = .notRunning
        case .warning, .skipped:
            self = .unknown
        }
    }
}
