import Foundation

/// Step 6: prove the whole path as the device: TLS verify against the root CA, MQTT CONNECT with
/// the exact agent credentials (CONNACK), and one test message acknowledged (PUBACK).
///
/// The probe connects, publishes once and disconnects: IoT Hub and edgeHub keep one connection per
/// device, so holding the device's session would push Kepware's own agent off. Events that keep
/// flowing (Kepware's messages, edgeHub's log) come from the wizard's live panes.
public enum ValidationStep: StepReducer {
    public struct Inputs: Equatable, Sendable {
        public var gatewayHost: String
        public var port: Int
        public var caPath: String
        public var hub: IoTHubHost?
        public var device: DeviceID?
        public var token: SASToken?
        public var apiVersion: String
        public var qos: MQTTQoS

        public init(
            gatewayHost: String = "", port: Int = 8883, caPath: String = "", hub: IoTHubHost? = nil,
            device: DeviceID? = nil, token: SASToken? = nil,
            apiVersion: String = GatewayMQTTSettings.defaultAPIVersion, qos: MQTTQoS = .atLeastOnce
        ) {
            self.gatewayHost = gatewayHost
            self.port = port
            self.caPath = caPath
            self.hub = hub
            self.device = device
            self.token = token
            self.apiVersion = apiVersion
            self.qos = qos
        }
    }

    /// What the runtime runs for one validation: a TLS probe, then an MQTT session as the device
    /// that publishes one test message and ends.
    public struct ProbeRequest: Equatable, Sendable {
        public var tls: TLSProbeRequest
        public var mqtt: MQTTConnectRequest

        public init(tls: TLSProbeRequest, mqtt: MQTTConnectRequest) {
            self.tls = tls
            self.mqtt = mqtt
        }
    }

    public struct State: Equatable, Sendable, IssuesRequests {
        public var inputs = Inputs()
        public var tls = Loadable<TLSProbeReport>.idle
        /// The MQTT events of the current (or last) probe, in order.
        public var mqttEvents: [MQTTSessionEvent] = []
        public var running: Generation?
        public var ranWith: Inputs?
        public var nextGeneration: Generation = 1

        public init() {}
    }

    public enum Action: Equatable, Sendable {
        case inputsChanged(Inputs)
        /// Run the probe.
        case run
        case tlsProbed(Generation, TLSProbeReport)
        case mqttEvent(Generation, MQTTSessionEvent)
        /// The runtime finished the probe (after the disconnect).
        case finished(Generation)
        case cancel
    }

    public enum Effect: Equatable, Sendable {
        case probe(ProbeRequest, Generation)
        case cancel(Generation)
    }

    public static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .inputsChanged(let inputs):
            state.inputs = inputs
            return []

        case .run:
            guard case .success(let request) = request(state) else { return [] }
            var effects = cancelRun(&state)
            let generation = state.takeGeneration()
            state.running = generation
            state.ranWith = state.inputs
            state.tls = .running(generation)
            state.mqttEvents = []
            effects.append(.probe(request, generation))
            return effects

        case .tlsProbed(let generation, let report):
            guard state.running == generation else { return [] }
            state.tls = .loaded(report)
            return []

        case .mqttEvent(let generation, let event):
            guard state.running == generation else { return [] }
            state.mqttEvents.append(event)
            return []

        case .finished(let generation):
            guard state.running == generation else { return [] }
            state.running = nil
            // A probe that ended before TLS answered has no TLS verdict; it is not still running.
            if state.tls.isRunning(generation) { state.tls = .idle }
            return []

        case .cancel:
            return cancelRun(&state)
        }
    }

    /// The probe for the current inputs, or the first thing missing.
    public static func request(_ state: State) -> Result<ProbeRequest, FieldError> {
        let inputs = state.inputs
        guard !inputs.gatewayHost.isEmpty else {
            return .failure(FieldError(field: "gatewayHost", message: "No gateway host name yet: set it in step 2 (Names)"))
        }
        guard !inputs.caPath.isEmpty else {
            return .failure(FieldError(field: "caPath", message: "No root CA yet: set it in step 1 (Certificate)"))
        }
        guard let hub = inputs.hub, let device = inputs.device else {
            return .failure(FieldError(field: "device", message: "No hub and device yet: fill them in step 3 (Device)"))
        }
        guard let token = inputs.token else {
            return .failure(FieldError(field: "token", message: "No SAS token yet: generate it in step 4 (SAS)"))
        }
        let settings: GatewayMQTTSettings
        do {
            settings = try GatewayMQTTSettings(
                gatewayHostName: inputs.gatewayHost, hub: hub, device: device,
                apiVersion: inputs.apiVersion, qos: inputs.qos, port: inputs.port)
        } catch {
            return .failure(FieldError(field: "apiVersion", message: "\(error)"))
        }
        let tls = TLSProbeRequest(host: inputs.gatewayHost, port: inputs.port, caFile: inputs.caPath)
        let mqtt = MQTTConnectRequest(settings: settings, token: token, caFile: inputs.caPath, port: inputs.port)
        return .success(ProbeRequest(tls: tls, mqtt: mqtt))
    }

    public static func fieldErrors(_ state: State) -> [FieldError] {
        if case .failure(let error) = request(state) { return [error] }
        return []
    }

    /// The step's verdicts: TLS, CONNACK, PUBACK.
    public static func checks(_ state: State, now: Date) -> [CheckResult] {
        var results: [CheckResult] = []
        if let report = state.tls.value, let verdict = TLSDiagnosis.checks(for: report, now: now).first {
            results.append(verdict)
        }
        for event in state.mqttEvents {
            switch event {
            case .connected(let milliseconds):
                results.append(CheckResult(
                    id: .validateConnack, title: "MQTT CONNECT as the device accepted (CONNACK 0)", status: .ok,
                    details: ["after \(Int(milliseconds.rounded())) ms"]))
            case .refused(let diagnosis):
                let cause = diagnosis.likelyCauses.first
                results.append(CheckResult(
                    id: .validateConnack, title: "MQTT CONNECT refused: CONNACK \(diagnosis.code) (\(diagnosis.name))", status: .error,
                    details: [diagnosis.meaning] + diagnosis.likelyCauses.dropFirst().map { "also possible: \($0.text)" },
                    fix: cause.map { "\($0.text): \($0.fix)" }))
            case .tlsFailed(let detail), .connectFailed(let detail):
                results.append(CheckResult(id: .validateConnack, title: "MQTT connection failed: \(detail)", status: .error,
                                           fix: "Check steps 1 and 2: the gateway name, its certificate and port 8883."))
            case .connectTimedOut(let seconds):
                results.append(CheckResult(id: .validateConnack, title: "no CONNACK within \(Int(seconds)) s", status: .error,
                                           fix: "edgeHub accepted the connection but did not answer: check `iotedge logs edgeHub`."))
            case .published(_, let topic, let milliseconds):
                results.append(CheckResult(
                    id: .validatePuback, title: "test message acknowledged (PUBACK) on \(topic)", status: .ok,
                    details: ["round trip \(Int(milliseconds.rounded())) ms"]))
            case .publishTimedOut(_, let seconds):
                results.append(CheckResult(id: .validatePuback, title: "no PUBACK within \(Int(seconds)) s", status: .error,
                                           fix: "edgeHub did not acknowledge the message: check `iotedge logs edgeHub` for the device."))
            case .publishFailed(let detail):
                results.append(CheckResult(id: .validatePuback, title: "publish failed: \(detail)", status: .error))
            default:
                break
            }
        }
        return results
    }

    public static func status(_ state: State, now: Date) -> StepStatus {
        if state.running != nil { return .running }
        guard let ranWith = state.ranWith else { return .pending }
        if ranWith != state.inputs {
            return .stale(reason: "validated with other settings; run it again")
        }
        let results = checks(state, now: now)
        if let error = results.first(where: { $0.status == .error }) { return .failed(reason: error.title) }
        guard results.contains(where: { $0.id == .validatePuback && $0.status == .ok }) else {
            return .failed(reason: "the probe ended without a PUBACK")
        }
        return .done(warning: nil)
    }

    /// A cancelled probe proved nothing: the step is pending again, not failed for a missing PUBACK.
    private static func cancelRun(_ state: inout State) -> [Effect] {
        guard let generation = state.running else { return [] }
        state.running = nil
        state.ranWith = nil
        state.tls = .idle
        state.mqttEvents = []
        return [.cancel(generation)]
    }
}
