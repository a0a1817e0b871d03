import Foundation

/// Step 1: find the gateway's root CA, prove edgeHub's chain verifies against it, and export it
/// for the Kepware host's "Local Computer > Trusted Root Certification Authorities" store.
public enum CertificateStep: StepReducer {
    /// What this step takes from the others: where edgeHub listens (the gateway name is edited in step 2).
    public struct Inputs: Equatable, Codable, Sendable {
        public var gatewayHost: String
        public var port: Int

        public init(gatewayHost: String = "", port: Int = 8883) {
            self.gatewayHost = gatewayHost
            self.port = port
        }
    }

    public struct State: Equatable, Sendable, IssuesRequests {
        public var inputs = Inputs()
        /// Field: the root CA file (PEM or DER).
        public var caPath = ""
        /// Field: the folder the export is written to (nothing is written until the engineer asks).
        public var exportDirectory = ""
        public var ca = Loadable<CertificateSummary>.idle
        public var probe = Loadable<TLSProbeReport>.idle
        public var export = Loadable<ExportedRootCA>.idle
        /// The inputs and CA file of the last probe; a verified probe for other ones is stale.
        public var probedWith: ProbeKey?
        public var nextGeneration: Generation = 1

        public init(caPath: String = "", exportDirectory: String = "") {
            self.caPath = caPath
            self.exportDirectory = exportDirectory
        }
    }

    /// What a probe was run against.
    public struct ProbeKey: Equatable, Sendable {
        public var inputs: Inputs
        public var caPath: String

        public init(inputs: Inputs, caPath: String) {
            self.inputs = inputs
            self.caPath = caPath
        }
    }

    public enum Action: Equatable, Sendable {
        case inputsChanged(Inputs)
        case caPathChanged(String)
        case exportDirectoryChanged(String)
        /// Ask the runtime to find the root CA from the IoT Edge config or the dev/test folder.
        case locateCA
        case caLocated(Generation, Result<String, StepFailure>)
        /// Read the CA file and probe edgeHub with it.
        case verify
        case caLoaded(Generation, Result<CertificateSummary, StepFailure>)
        case probeFinished(Generation, TLSProbeReport)
        case export
        case exportFinished(Generation, Result<ExportedRootCA, StepFailure>)
        /// Esc while a check runs.
        case cancel
    }

    public enum Effect: Equatable, Sendable {
        case locateCA(Generation)
        case loadCA(path: String, Generation)
        case probeTLS(TLSProbeRequest, Generation)
        case exportCA(caPath: String, directory: String, Generation)
        case cancel(Generation)
    }

    /// edgeHub answers within milliseconds on a LAN; 5 s separates "slow" from "never".
    public static let probeTimeoutSeconds = 5.0

    public static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .inputsChanged(let inputs):
            guard inputs != state.inputs else { return [] }
            state.inputs = inputs
            return cancelRunningProbe(&state)

        case .caPathChanged(let path):
            guard path != state.caPath else { return [] }
            state.caPath = path
            state.ca = .idle
            return cancelRunningProbe(&state)

        case .exportDirectoryChanged(let directory):
            state.exportDirectory = directory
            if case .running = state.export { return [] }
            state.export = .idle
            return []

        case .locateCA:
            let generation = state.takeGeneration()
            state.ca = .running(generation)
            return [.locateCA(generation)]

        case .caLocated(let generation, let result):
            guard state.ca.isRunning(generation) else { return [] }
            switch result {
            case .success(let path):
                state.caPath = path
                state.ca = .idle
            case .failure(let failure):
                state.ca = .failed(failure)
            }
            return []

        case .verify:
            guard verifyFieldErrors(state).isEmpty else { return [] }
            let generation = state.takeGeneration()
            state.ca = .running(generation)
            state.probe = .running(generation)
            state.probedWith = ProbeKey(inputs: state.inputs, caPath: state.caPath)
            let request = TLSProbeRequest(
                host: state.inputs.gatewayHost, port: state.inputs.port,
                caFile: state.caPath, timeoutSeconds: probeTimeoutSeconds)
            return [.loadCA(path: state.caPath, generation), .probeTLS(request, generation)]

        case .caLoaded(let generation, let result):
            guard state.ca.isRunning(generation) else { return [] }
            state.ca = Loadable(result)
            return []

        case .probeFinished(let generation, let report):
            guard state.probe.isRunning(generation) else { return [] }
            state.probe = .loaded(report)
            return []

        case .export:
            guard case .loaded = state.ca, !state.exportDirectory.isEmpty else { return [] }
            let generation = state.takeGeneration()
            state.export = .running(generation)
            return [.exportCA(caPath: state.caPath, directory: state.exportDirectory, generation)]

        case .exportFinished(let generation, let result):
            guard state.export.isRunning(generation) else { return [] }
            state.export = Loadable(result)
            return []

        case .cancel:
            var effects: [Effect] = []
            for generation in Set([state.ca.runningGeneration, state.probe.runningGeneration,
                                   state.export.runningGeneration].compactMap { $0 }).sorted() {
                effects.append(.cancel(generation))
            }
            if state.ca.runningGeneration != nil { state.ca = .idle }
            if state.probe.runningGeneration != nil { state.probe = .idle; state.probedWith = nil }
            if state.export.runningGeneration != nil { state.export = .idle }
            return effects
        }
    }

    /// This step's own fields that block moving on, each with what to do.
    ///
    /// The gateway name is not among them: it is edited in step 2, so requiring it here would
    /// keep the engineer from ever reaching step 2 when the IoT Edge config cannot fill it.
    public static func fieldErrors(_ state: State) -> [FieldError] {
        var errors: [FieldError] = []
        if state.caPath.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError(
                field: "caPath",
                message: "Root CA file is empty: use Locate CA to find it from the IoT Edge config, or type its path"))
        }
        return errors
    }

    /// Field errors plus what the TLS probe needs: the gateway name from step 2.
    public static func verifyFieldErrors(_ state: State) -> [FieldError] {
        var errors = fieldErrors(state)
        if state.inputs.gatewayHost.isEmpty {
            errors.append(FieldError(
                field: "gatewayHost",
                message: "No gateway host name yet: set it in step 2 (Names) or in the IoT Edge config"))
        }
        return errors
    }

    /// The step's verdicts: the TLS diagnosis of the last probe (with the CA beside the chain's root),
    /// or the CA file's own check when only the CA was read.
    public static func checks(_ state: State, now: Date) -> [CheckResult] {
        let caCertificates = state.ca.value.map { [$0] } ?? []
        if let report = state.probe.value {
            return TLSDiagnosis.checks(for: report, caCertificates: caCertificates, now: now)
        }
        return caCertificates.map { TLSDiagnosis.caCertificateCheck($0, now: now) }
    }

    public static func status(_ state: State, now: Date) -> StepStatus {
        if state.probe.runningGeneration != nil || state.ca.runningGeneration != nil { return .running }
        guard state.probe.value != nil, let key = state.probedWith else {
            if case .failed(let failure) = state.ca { return .failed(reason: failure.message) }
            return .pending
        }
        let results = checks(state, now: now)
        if let error = results.first(where: { $0.status == .error }) { return .failed(reason: error.title) }
        if key != ProbeKey(inputs: state.inputs, caPath: state.caPath) {
            return .stale(reason: "verified for \(key.inputs.gatewayHost):\(key.inputs.port) with \(key.caPath); inputs changed since")
        }
        return .done(warning: results.first(where: { $0.status == .warning })?.title)
    }

    private static func cancelRunningProbe(_ state: inout State) -> [Effect] {
        guard let generation = state.probe.runningGeneration else { return [] }
        state.probe = .idle
        state.probedWith = nil
        if state.ca.isRunning(generation) { state.ca = .idle }
        return [.cancel(generation)]
    }
}
