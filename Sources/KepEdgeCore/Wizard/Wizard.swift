import Foundation

/// Sequences the six steps: routes actions to them, wires each step's inputs from the others (so a
/// new hub, device or gateway name makes the later results stale), gates moving on, and feeds the
/// two live panes (connection and messages) that stay on screen in every step.
public enum Wizard: StepReducer {
    public struct State: Equatable, Sendable {
        public var current: StepID = .certificate
        public var certificate = CertificateStep.State()
        public var names = NamesStep.State()
        public var device = DeviceStep.State()
        public var sas = SASStep.State()
        public var agent = AgentStep.State()
        public var validation = ValidationStep.State()
        public var connection = ConnectionPane()
        public var messages = MonitorEventStore(capacity: Wizard.messageCapacity)
        /// The clock as of the last tick (expiry and time left are judged against it).
        public var now: Date
        /// Why the last Next or jump did not move, shown under the form.
        public var blockedReason: String?
        /// An edit since the session was last saved (quitting asks first).
        public var unsavedChanges = false
        /// The generation of the running event followers (edgeHub log, lab sources).
        public var following: Generation?
        public var followedDevice: String?
        /// The generation of the IoT Hub endpoint reader (step 6's Hub row), and the device and owner it reads for.
        public var hubEventsFollowing: Generation?
        public var hubEventsReader: HubEventsReaderKey?
        /// The token from an earlier run, as the session file recorded it (no secret: hub, device,
        /// expiry). Kept until a new token is generated, so saving again does not forget when
        /// Kepware's password runs out.
        public var previousToken: WizardSession.TokenRecord?
        public var nextGeneration: Generation = 1

        public init(now: Date) {
            self.now = now
        }
    }

    public enum Action: Equatable, Sendable {
        /// The wizard opened: read the IoT Edge config and start the live panes.
        case start(now: Date)
        case tick(Date)
        case certificate(CertificateStep.Action)
        case names(NamesStep.Action)
        case device(DeviceStep.Action)
        case sas(SASStep.Action)
        case agent(AgentStep.Action)
        case validation(ValidationStep.Action)
        case next
        case back
        case goTo(StepID)
        /// An event from a follower (edgeHub log, broker log, upstream subscription).
        case followed(Generation, MonitorEvent)
        /// edgeHub's counters for the followed device, from its last two scrapes (the connection pane's Flow row).
        case flowMeasured(Generation, EdgeHubFlow)
        /// What the IoT Hub endpoint reader saw (redirect, partitions, an event, a failure): the Hub row and pane lines.
        case hubEventsUpdated(Generation, HubEventsUpdate)
        case messagePane(MessagePaneAction)
        /// The session file was written.
        case sessionSaved
    }

    public enum MessagePaneAction: Equatable, Sendable {
        case pause
        case resume
        case clear
        case filter(MonitorEventStore.Filter)
    }

    public enum Effect: Equatable, Sendable {
        case certificate(CertificateStep.Effect)
        case names(NamesStep.Effect)
        case device(DeviceStep.Effect)
        case sas(SASStep.Effect)
        case agent(AgentStep.Effect)
        case validation(ValidationStep.Effect)
        /// Follow the event sources for this device (nil: not known yet, follow unfiltered).
        case followEvents(deviceID: String?, Generation)
        /// Read IoT Hub's built-in endpoint for the device's messages with the hub-owner connection string (step 3's).
        case followHubEvents(deviceID: String, owner: HubOwnerConnectionString, Generation)
        case stopFollowing(Generation)
    }

    /// A long troubleshooting session keeps the last thousand events and counts the rest as dropped.
    public static let messageCapacity = 1_000

    public static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        let keptBefore = sessionFields(state)
        var effects: [Effect] = []
        switch action {
        case .start(let now):
            state.now = now
            effects += NamesStep.reduce(&state.names, .readEdgeConfig).map(Effect.names)
            effects += restartFollowing(&state)
        case .tick(let now):
            state.now = now
        case .certificate(let action):
            let before = state.certificate
            effects += CertificateStep.reduce(&state.certificate, action).map(Effect.certificate)
            // Only a probe result the step accepted reaches the pane (a dropped one must not overwrite it).
            if state.certificate.probe != before.probe, let report = state.certificate.probe.value {
                state.connection.tls = report
            }
        case .names(let action):
            let before = state.names
            effects += NamesStep.reduce(&state.names, action).map(Effect.names)
            if case .edgeConfigRead(_, .success(let config)) = action, state.names.edgeConfig != before.edgeConfig {
                prefill(&state, from: config)
            }
        case .device(let action):
            effects += DeviceStep.reduce(&state.device, action).map(Effect.device)
        case .sas(let action):
            effects += SASStep.reduce(&state.sas, action).map(Effect.sas)
            if state.sas.token != nil { state.previousToken = nil }
            state.connection.tokenExpiry = state.sas.token?.inspection.expiry ?? state.previousToken?.expiry
        case .agent(let action):
            effects += AgentStep.reduce(&state.agent, action).map(Effect.agent)
        case .validation(let action):
            let before = state.validation
            effects += ValidationStep.reduce(&state.validation, action).map(Effect.validation)
            if state.validation != before { feedPanes(&state, from: action) }
        case .next:
            moveForward(&state, to: state.current.next)
        case .back:
            state.blockedReason = nil
            if let previous = state.current.previous { state.current = previous }
        case .goTo(let step):
            if step <= state.current {
                state.blockedReason = nil
                state.current = step
            } else {
                moveForward(&state, to: step)
            }
        case .followed(let generation, let event):
            if state.following == generation { state.messages.append(event) }
        case .flowMeasured(let generation, let flow):
            if state.following == generation, flow.device == state.followedDevice { state.connection.flow = flow }
        case .hubEventsUpdated(let generation, let update):
            guard state.hubEventsFollowing == generation, let device = state.hubEventsReader?.deviceID else { break }
            state.connection.hubArrival?.record(update, now: state.now)
            if let event = update.monitorEvent(device: device, now: state.now) { state.messages.append(event) }
        case .messagePane(let paneAction):
            switch paneAction {
            case .pause: state.messages.pause()
            case .resume: state.messages.resume()
            case .clear: state.messages.clear()
            case .filter(let filter): state.messages.filter = filter
            }
        case .sessionSaved:
            state.unsavedChanges = false
        }
        effects += propagateInputs(&state)
        if action != .sessionSaved, sessionFields(state) != keptBefore { state.unsavedChanges = true }
        if state.followedDevice != state.device.device?.rawValue, state.following != nil {
            effects += restartFollowing(&state)
        }
        if state.following != nil, HubEventsReaderKey(state.device) != state.hubEventsReader {
            effects += restartHubEvents(&state)
        }
        return effects
    }

    /// Where each step stands, for the step bar.
    public static func status(of step: StepID, in state: State) -> StepStatus {
        switch step {
        case .certificate: return CertificateStep.status(state.certificate, now: state.now)
        case .names: return NamesStep.status(state.names)
        case .device: return DeviceStep.status(state.device)
        case .sas: return SASStep.status(state.sas, now: state.now)
        case .agent: return AgentStep.status(state.agent)
        case .validation: return ValidationStep.status(state.validation, now: state.now)
        }
    }

    /// The field errors that keep the engineer on `step`.
    public static func fieldErrors(of step: StepID, in state: State) -> [FieldError] {
        switch step {
        case .certificate: return CertificateStep.fieldErrors(state.certificate)
        case .names: return NamesStep.fieldErrors(state.names)
        case .device: return DeviceStep.fieldErrors(state.device)
        case .sas: return SASStep.fieldErrors(state.sas)
        case .agent: return AgentStep.fieldErrors(state.agent)
        case .validation: return ValidationStep.fieldErrors(state.validation)
        }
    }

    /// Moving forward passes every step in between; the first field error stops it and says why.
    private static func moveForward(_ state: inout State, to target: StepID?) {
        guard let target else { return }
        var step = state.current
        while step < target {
            if let error = fieldErrors(of: step, in: state).first {
                state.current = step
                state.blockedReason = "Step \(step.rawValue) (\(step.shortTitle)): \(error.message)"
                return
            }
            guard let next = step.next else { break }
            step = next
        }
        state.blockedReason = nil
        state.current = target
    }

    /// What the session file would keep, apart from the step on screen: a change to it is unsaved
    /// work; moving between steps, a failed read or a dropped result is not.
    private static func sessionFields(_ state: State) -> WizardSession {
        var session = WizardSession(state, savedAt: .distantPast)
        session.currentStep = .certificate
        return session
    }

    /// The IoT Edge config fills the fields the engineer has not typed.
    private static func prefill(_ state: inout State, from config: EdgeConfig) {
        if state.certificate.caPath.isEmpty, let trustBundle = config.trustBundlePath {
            state.certificate.caPath = trustBundle
        }
        if state.device.hubText.isEmpty, let hub = config.hubHostName {
            state.device.hubText = hub
        }
        if state.device.edgeDeviceIDText.isEmpty, let edge = config.edgeDeviceId {
            state.device.edgeDeviceIDText = edge
        }
    }

    /// The connection and message panes show what the validation probe sees, as it sees it.
    private static func feedPanes(_ state: inout State, from action: ValidationStep.Action) {
        switch action {
        case .tlsProbed(_, let report):
            state.connection.tls = report
        case .mqttEvent(_, let event):
            state.connection.apply(event)
            state.messages.append(event.monitorEvent(at: state.now, deviceID: state.device.device?.rawValue))
        default:
            break
        }
    }

    /// The IoT Hub reader follows the device and the owner connection string of step 3: a new one of either
    /// restarts it (apart from the log followers, which a new key must not replay).
    private static func restartHubEvents(_ state: inout State) -> [Effect] {
        var effects: [Effect] = []
        if let running = state.hubEventsFollowing { effects.append(.stopFollowing(running)) }
        let wanted = HubEventsReaderKey(state.device)
        state.hubEventsReader = wanted
        state.hubEventsFollowing = nil
        state.connection.hubArrival = wanted.map { HubArrival(device: $0.deviceID) }
        guard let wanted else { return effects }
        let generation = state.nextGeneration
        state.nextGeneration += 1
        state.hubEventsFollowing = generation
        effects.append(.followHubEvents(deviceID: wanted.deviceID, owner: wanted.owner, generation))
        return effects
    }

    private static func restartFollowing(_ state: inout State) -> [Effect] {
        var effects: [Effect] = []
        if let running = state.following { effects.append(.stopFollowing(running)) }
        let generation = state.nextGeneration
        state.nextGeneration += 1
        state.following = generation
        state.followedDevice = state.device.device?.rawValue
        state.connection.flow = nil
        effects.append(.followEvents(deviceID: state.followedDevice, generation))
        return effects
    }
}

/// Who the IoT Hub endpoint reader reads for: step 3's device and a hub-owner connection string that parses.
public struct HubEventsReaderKey: Equatable, Sendable {
    public var deviceID: String
    public var owner: HubOwnerConnectionString

    public init?(_ device: DeviceStep.State) {
        guard let id = device.device?.rawValue, !device.ownerConnectionString.isEmpty,
              let owner = try? HubOwnerConnectionString(parsing: device.ownerConnectionString.revealed) else { return nil }
        self.deviceID = id
        self.owner = owner
    }
}
