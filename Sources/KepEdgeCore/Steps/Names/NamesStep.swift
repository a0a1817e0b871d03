import Foundation

/// Step 2: the gateway host name (from the IoT Edge config) resolves, matches edgeHub's server
/// certificate, edgeHub's port answers, and the Kepware host gets the right hosts-file line.
public enum NamesStep: StepReducer {
    public struct Inputs: Equatable, Sendable {
        /// The names edgeHub's served certificate holds (SAN entries), from step 1's probe.
        /// Empty until step 1 has probed; the config's expected names are used meanwhile.
        public var certificateNames: [String]

        public init(certificateNames: [String] = []) {
            self.certificateNames = certificateNames
        }
    }

    public struct State: Equatable, Sendable, IssuesRequests {
        public var inputs = Inputs()
        /// Field: the name Kepware will connect to (the config `hostname`; GatewayHostName).
        public var gatewayHost = ""
        /// Field: edgeHub's MQTT port.
        public var portText = "8883"
        public var edgeConfig = Loadable<EdgeConfig>.idle
        public var observation = Loadable<NameObservation>.idle
        /// The host and port the last observation was made for.
        public var observedEndpoint: String?
        public var nextGeneration: Generation = 1

        public init(gatewayHost: String = "", portText: String = "8883") {
            self.gatewayHost = gatewayHost
            self.portText = portText
        }

        /// The port when the field holds a valid one.
        public var port: Int? {
            guard let port = Int(portText.trimmingCharacters(in: .whitespaces)), (1...65_535).contains(port) else { return nil }
            return port
        }
    }

    public enum Action: Equatable, Sendable {
        case inputsChanged(Inputs)
        case gatewayHostChanged(String)
        case portChanged(String)
        case readEdgeConfig
        case edgeConfigRead(Generation, Result<EdgeConfig, StepFailure>)
        case check
        case observed(Generation, NameObservation)
        case cancel
    }

    public enum Effect: Equatable, Sendable {
        case readEdgeConfig(Generation)
        case observeName(host: String, port: Int, Generation)
        case cancel(Generation)
    }

    public static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .inputsChanged(let inputs):
            state.inputs = inputs
            return []

        case .gatewayHostChanged(let host):
            guard host != state.gatewayHost else { return [] }
            state.gatewayHost = host
            return cancelObservation(&state)

        case .portChanged(let text):
            guard text != state.portText else { return [] }
            state.portText = text
            return cancelObservation(&state)

        case .readEdgeConfig:
            let generation = state.takeGeneration()
            state.edgeConfig = .running(generation)
            return [.readEdgeConfig(generation)]

        case .edgeConfigRead(let generation, let result):
            guard state.edgeConfig.isRunning(generation) else { return [] }
            state.edgeConfig = Loadable(result)
            // The config fills the name only where the engineer has not typed one.
            if case .success(let config) = result, state.gatewayHost.isEmpty {
                state.gatewayHost = config.certificateHostname
            }
            return []

        case .check:
            guard fieldErrors(state).isEmpty, let port = state.port else { return [] }
            var effects = cancelObservation(&state)
            let generation = state.takeGeneration()
            state.observation = .running(generation)
            state.observedEndpoint = "\(state.gatewayHost):\(port)"
            effects.append(.observeName(host: state.gatewayHost, port: port, generation))
            return effects

        case .observed(let generation, let observation):
            guard state.observation.isRunning(generation) else { return [] }
            state.observation = .loaded(observation)
            return []

        case .cancel:
            return cancelObservation(&state)
        }
    }

    public static func fieldErrors(_ state: State) -> [FieldError] {
        var errors: [FieldError] = []
        let host = state.gatewayHost
        if host.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(field: "gatewayHost", message: "Gateway host name is empty: use Read config to take it from the IoT Edge config, or type it"))
        } else if host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == ":" }) {
            errors.append(FieldError(field: "gatewayHost", message: "Gateway host name \"\(host)\" holds a space, / or :; type the bare name, e.g. gw01.plant.local"))
        }
        if state.port == nil {
            errors.append(FieldError(field: "port", message: "Port \"\(state.portText)\" is not a number from 1 to 65535 (edgeHub's MQTT port is 8883)"))
        }
        return errors
    }

    /// The names the client's host name is compared with: the served certificate's when known,
    /// else the names edgeHub's certificate gets from the config (`hostname` and `edgeHub`).
    public static func certificateNames(_ state: State) -> [String] {
        if !state.inputs.certificateNames.isEmpty { return state.inputs.certificateNames }
        return state.edgeConfig.value?.expectedEdgeHubCertificateNames ?? []
    }

    /// The step's verdicts, in the order the screen and `kepedge check` show them.
    public static func checks(_ state: State) -> [CheckResult] {
        var results: [CheckResult] = []
        if let config = state.edgeConfig.value { results.append(NameChecks.config(config)) }
        guard let observation = state.observation.value else { return results }
        let hostsLine = observation.hostsFileLine
        results.append(NameChecks.resolution(
            observation.resolution, hostsEntries: observation.hostsEntries,
            isLocalAddress: observation.isLocalAddress, hostsLine: hostsLine.line))
        let names = certificateNames(state)
        if !names.isEmpty {
            results.append(CertificateNameMatch.check(connectName: observation.resolution.host, certificateNames: names))
        }
        if let port = observation.port {
            results.append(NameChecks.port(port))
        } else {
            results.append(NameChecks.portSkipped(host: observation.resolution.host, port: state.port ?? 8883))
        }
        results.append(hostsLine.check)
        return results
    }

    public static func status(_ state: State) -> StepStatus {
        if state.observation.runningGeneration != nil || state.edgeConfig.runningGeneration != nil { return .running }
        guard state.observation.value != nil, let endpoint = state.observedEndpoint else {
            if let failure = state.edgeConfig.failure { return .failed(reason: failure.message) }
            return .pending
        }
        if endpoint != "\(state.gatewayHost):\(state.port.map(String.init) ?? state.portText)" {
            return .stale(reason: "checked \(endpoint); the name or port changed since")
        }
        let results = checks(state)
        if let error = results.first(where: { $0.status == .error }) { return .failed(reason: error.title) }
        return .done(warning: results.first(where: { $0.status == .warning })?.title)
    }

    private static func cancelObservation(_ state: inout State) -> [Effect] {
        guard let generation = state.observation.runningGeneration else { return [] }
        state.observation = .idle
        state.observedEndpoint = nil
        return [.cancel(generation)]
    }
}
