import Foundation

/// Step 5: the exact MQTT Client agent settings Kepware needs, pushed through its Configuration API
/// where reachable, or shown as a card to type into Kepware's dialog where not.
public enum AgentStep: StepReducer {
    public struct Inputs: Equatable, Sendable {
        public var gatewayHost: String
        /// edgeHub's port from step 2 (8883 but in a lab whose 8883 was taken).
        public var port: Int
        public var hub: IoTHubHost?
        public var device: DeviceID?
        public var token: SASToken?

        public init(gatewayHost: String = "", port: Int = GatewayMQTTSettings.defaultPort, hub: IoTHubHost? = nil,
                    device: DeviceID? = nil, token: SASToken? = nil) {
            self.gatewayHost = gatewayHost
            self.port = port
            self.hub = hub
            self.device = device
            self.token = token
        }
    }

    public struct State: Equatable, Sendable, IssuesRequests {
        public var inputs = Inputs()
        /// Field: the agent's name in Kepware; empty means the device id (PTC's own scripts do that).
        public var agentNameText = ""
        /// Field: edgeHub refuses a username without an api-version.
        public var apiVersionText = GatewayMQTTSettings.defaultAPIVersion
        /// Field: 1 (at least once) or 0; IoT Hub and edgeHub close the connection on QoS 2.
        public var qosText = "1"
        /// Field: the Configuration API (HTTPS 57512 by default; HTTP 57412 if enabled).
        public var kepwareURLText = "https://127.0.0.1:57512"
        public var kepwareUser = "Administrator"
        public var kepwarePassword = Secret("")
        /// Field: the SHA-256 fingerprint of Kepware's self-signed certificate, once confirmed.
        public var kepwareFingerprintText = ""
        /// Field: comma-separated tag paths to publish, e.g. `Channel1.Device1.Tag1`.
        public var itemsText = "Channel1.Device1.Tag1"
        public var push = Loadable<AgentPushOutcome>.idle
        /// A read-only look at the agent in Kepware (`kepedge check`).
        public var inspection = Loadable<KepwareAgentInspection>.idle
        /// The settings a push (or a by-hand entry) was done with; other settings make it stale.
        public var appliedWith: Applied?
        public var revealed = false
        public var nextGeneration: Generation = 1

        public init() {}
    }

    /// How the settings reached Kepware, and which settings they were.
    public struct Applied: Equatable, Sendable {
        public enum Method: Equatable, Sendable {
            case configurationAPI
            case byHand
        }

        public var method: Method
        public var settings: KepwareAgentSettings

        public init(method: Method, settings: KepwareAgentSettings) {
            self.method = method
            self.settings = settings
        }
    }

    public enum Action: Equatable, Sendable {
        case inputsChanged(Inputs)
        case agentNameChanged(String)
        case apiVersionChanged(String)
        case qosChanged(String)
        case kepwareURLChanged(String)
        case kepwareUserChanged(String)
        case kepwarePasswordChanged(Secret)
        case kepwareFingerprintChanged(String)
        case itemsChanged(String)
        case push
        case pushFinished(Generation, Result<AgentPushOutcome, StepFailure>)
        /// Read the agent, the plug-in and the event log from Kepware without changing anything.
        case inspect
        case inspected(Generation, Result<KepwareAgentInspection, StepFailure>)
        /// The engineer typed the settings card into Kepware's dialog themselves.
        case markEnteredByHand
        case toggleReveal
        case cancel
    }

    public enum Effect: Equatable, Sendable {
        case pushAgent(AgentPushRequest, Generation)
        case inspectAgent(AgentInspectRequest, Generation)
        case cancel(Generation)
    }

    public static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .inputsChanged(let inputs):
            state.inputs = inputs
            return []
        case .agentNameChanged(let text): state.agentNameText = text
        case .apiVersionChanged(let text): state.apiVersionText = text
        case .qosChanged(let text): state.qosText = text
        case .kepwareURLChanged(let text): state.kepwareURLText = text
        case .kepwareUserChanged(let text): state.kepwareUser = text
        case .kepwarePasswordChanged(let secret): state.kepwarePassword = secret
        case .kepwareFingerprintChanged(let text): state.kepwareFingerprintText = text
        case .itemsChanged(let text): state.itemsText = text
        case .toggleReveal:
            state.revealed.toggle()
            return []

        case .push:
            guard pushFieldErrors(state).isEmpty, case .success(let settings) = settings(state),
                  case .success(let endpoint) = kepwareEndpoint(state) else { return [] }
            var effects = cancelPush(&state)
            let generation = state.takeGeneration()
            state.push = .running(generation)
            state.appliedWith = Applied(method: .configurationAPI, settings: settings)
            effects.append(.pushAgent(AgentPushRequest(login: login(state, endpoint), settings: settings, items: items(state)), generation))
            return effects

        case .inspect:
            guard case .success(let endpoint) = kepwareEndpoint(state), let name = expectedAgentName(state) else { return [] }
            var effects: [Effect] = state.inspection.runningGeneration.map { [.cancel($0)] } ?? []
            let generation = state.takeGeneration()
            state.inspection = .running(generation)
            effects.append(.inspectAgent(AgentInspectRequest(login: login(state, endpoint), agentName: name), generation))
            return effects

        case .inspected(let generation, let result):
            guard state.inspection.isRunning(generation) else { return [] }
            state.inspection = Loadable(result)
            return []

        case .pushFinished(let generation, let result):
            guard state.push.isRunning(generation) else { return [] }
            state.push = Loadable(result)
            return []

        case .markEnteredByHand:
            guard case .success(let settings) = settings(state) else { return [] }
            let effects = cancelPush(&state)
            state.push = .idle
            state.appliedWith = Applied(method: .byHand, settings: settings)
            return effects

        case .cancel:
            return cancelPush(&state)
        }
        return []
    }

    /// The agent settings for the current inputs and fields, or the first field error.
    public static func settings(_ state: State) -> Result<KepwareAgentSettings, FieldError> {
        guard state.inputs.hub != nil, state.inputs.device != nil else { return settings(state, password: Secret("")) }
        guard let token = state.inputs.token else {
            return .failure(FieldError(field: "token", message: "No SAS token yet: generate it in step 4 (SAS)"))
        }
        return settings(state, password: token.value)
    }

    /// The agent settings with `password` instead of step 4's token: `kepedge check` compares the other
    /// settings with Kepware's, which never gives the password back.
    public static func settings(_ state: State, password: Secret) -> Result<KepwareAgentSettings, FieldError> {
        guard let hub = state.inputs.hub, let device = state.inputs.device else {
            return .failure(FieldError(field: "device", message: "No hub and device yet: fill them in step 3 (Device)"))
        }
        guard !state.inputs.gatewayHost.isEmpty else {
            return .failure(FieldError(field: "gatewayHost", message: "No gateway host name yet: set it in step 2 (Names)"))
        }
        let qos: MQTTQoS
        do {
            guard let level = Int(state.qosText.trimmingCharacters(in: .whitespaces)) else {
                return .failure(FieldError(field: "qos", message: "QoS \"\(state.qosText)\" is not a number: use 1 (at least once) or 0"))
            }
            qos = try MQTTQoS(level: level)
        } catch {
            return .failure(FieldError(field: "qos", message: "\(error)"))
        }
        let mqtt: GatewayMQTTSettings
        do {
            mqtt = try GatewayMQTTSettings(
                gatewayHostName: state.inputs.gatewayHost, hub: hub, device: device,
                apiVersion: state.apiVersionText.trimmingCharacters(in: .whitespaces), qos: qos, port: state.inputs.port)
        } catch {
            return .failure(FieldError(field: "apiVersion", message: "\(error)"))
        }
        do {
            let name = state.agentNameText.isEmpty ? device.rawValue : state.agentNameText
            return .success(try KepwareAgentSettings(mqtt: mqtt, password: password, agentName: name))
        } catch {
            return .failure(FieldError(field: "agentName", message: "\(error)"))
        }
    }

    /// The agent's name: the field, else the device id (PTC's own scripts name it so).
    public static func expectedAgentName(_ state: State) -> String? {
        if case .success(let settings) = settings(state, password: Secret("")) { return settings.agentName }
        let name = state.agentNameText.isEmpty ? (state.inputs.device?.rawValue ?? "") : state.agentNameText
        return name.isEmpty ? nil : name
    }

    private static func login(_ state: State, _ endpoint: KepwareEndpoint) -> KepwareLogin {
        let fingerprint = state.kepwareFingerprintText.trimmingCharacters(in: .whitespaces)
        return KepwareLogin(
            endpoint: endpoint, user: state.kepwareUser.trimmingCharacters(in: .whitespaces),
            password: state.kepwarePassword, trustedFingerprint: fingerprint.isEmpty ? nil : fingerprint)
    }

    public static func items(_ state: State) -> [KepwareIoTItem] {
        state.itemsText.split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map { KepwareIoTItem(serverTag: $0) }
    }

    /// Fields that block moving on: the settings themselves must be complete and valid.
    public static func fieldErrors(_ state: State) -> [FieldError] {
        if case .failure(let error) = settings(state) { return [error] }
        return []
    }

    /// The Configuration API endpoint the URL field names (`localhost` becomes 127.0.0.1: no IPv6 there).
    public static func kepwareEndpoint(_ state: State) -> Result<KepwareEndpoint, FieldError> {
        let text = state.kepwareURLText.trimmingCharacters(in: .whitespaces)
        let invalid = FieldError(
            field: "kepwareURL", message: "Kepware URL \"\(text)\" is not http(s)://host:port, e.g. https://127.0.0.1:57512")
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            return .failure(invalid)
        }
        do {
            return .success(try KepwareEndpoint(host: host, port: components.port, https: scheme == "https"))
        } catch {
            return .failure(FieldError(field: "kepwareURL", message: "Kepware URL: \(error)"))
        }
    }

    /// Field errors plus what pushing through the Configuration API needs.
    public static func pushFieldErrors(_ state: State) -> [FieldError] {
        var errors = fieldErrors(state)
        if case .failure(let error) = kepwareEndpoint(state) { errors.append(error) }
        if state.kepwareUser.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "kepwareUser", message: "Kepware user is empty: use a User Manager account, e.g. Administrator"))
        }
        if items(state).isEmpty {
            errors.append(FieldError(field: "items", message: "No tags to publish: list at least one, e.g. Channel1.Device1.Tag1"))
        }
        return errors
    }

    public static func status(_ state: State) -> StepStatus {
        if state.push.runningGeneration != nil || state.inspection.runningGeneration != nil { return .running }
        guard let applied = state.appliedWith else { return .pending }
        if case .success(let current) = settings(state), current != applied.settings {
            return .stale(reason: "the agent was set up with other settings (hub, device, gateway or token changed); push again")
        }
        if case .failure = settings(state) {
            return .stale(reason: "the settings are incomplete since the agent was set up")
        }
        switch applied.method {
        case .byHand:
            return .done(warning: "entered by hand: not verified through the Configuration API; step 6 checks the connection")
        case .configurationAPI:
            if let failure = state.push.failure { return .failed(reason: failure.message) }
            guard let outcome = state.push.value else { return .pending }
            guard outcome.connectedLine != nil else {
                return .failed(reason: "Kepware did not report the agent connected to the broker; see its event-log lines")
            }
            if !outcome.itemFailures.isEmpty {
                return .done(warning: "\(outcome.itemFailures.count) IoT item(s) refused: \(outcome.itemFailures[0])")
            }
            if !outcome.differences.isEmpty {
                return .done(warning: "read back differently: \(outcome.differences[0])")
            }
            return .done(warning: nil)
        }
    }

    private static func cancelPush(_ state: inout State) -> [Effect] {
        guard let generation = state.push.runningGeneration else { return [] }
        state.push = .idle
        state.appliedWith = nil
        return [.cancel(generation)]
    }
}
