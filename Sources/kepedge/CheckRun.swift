import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Runs each step's checks through the wizard, one step at a time, and says why a step was skipped.
struct CheckRun {
    typealias Check = CheckCommandOutput.Check

    let driver: WizardDriver
    let timeout: Duration

    private var state: Wizard.State { driver.state }
    private var now: Date { state.now }

    /// Step 1: the root CA (found from the config when not given), then the TLS verify against it.
    func certificate() async -> [Check] {
        if state.certificate.caPath.isEmpty {
            await driver.send(.certificate(.locateCA), awaiting: .certificate, timeout: timeout)
        }
        if let failure = state.certificate.ca.failure {
            return [skipped(.certificate, "certificate", "TLS verify of edgeHub's certificate", reason: failure.message + "; give --ca FILE")]
        }
        if state.certificate.inputs.gatewayHost.isEmpty {
            return [skipped(.certificate, "certificate", "TLS verify of edgeHub's certificate", reason: Self.noGateway)]
        }
        if let reason = CertificateStep.verifyFieldErrors(state.certificate).first?.message {
            return [skipped(.certificate, "certificate", "TLS verify of edgeHub's certificate", reason: reason)]
        }
        guard await driver.send(.certificate(.verify), awaiting: .certificate, timeout: timeout) else {
            return [timedOut(.certificate, "certificate")]
        }
        var results = CertificateStep.checks(state.certificate, now: now)
        if let failure = state.certificate.ca.failure {
            results.insert(CheckResult(id: "ca-file", title: "root CA file cannot be read", status: .error,
                                       details: [failure.message], fix: failure.fix), at: 0)
        }
        return results.map { Check(step: .certificate, result: $0) }
    }

    /// Step 2: name resolution, certificate names, edgeHub's port, the Kepware host's hosts line.
    func names() async -> [Check] {
        if state.names.gatewayHost.trimmingCharacters(in: .whitespaces).isEmpty {
            return [skipped(.names, "names", "gateway name resolves and port answers", reason: Self.noGateway)]
        }
        if let reason = NamesStep.fieldErrors(state.names).first?.message {
            return [skipped(.names, "names", "gateway name resolves and port answers", reason: reason)]
        }
        guard await driver.send(.names(.check), awaiting: .names, timeout: timeout) else {
            return [timedOut(.names, "names")]
        }
        return NamesStep.checks(state.names).map { Check(step: .names, result: $0) }
    }

    /// Step 3, read-only, when hub-owner credentials are given: device, enabled, parent, route to `$upstream`.
    func device(registry: RegistryClient?) async -> [Check] {
        let title = "device exists, enabled, parent set"
        guard let registry else {
            return [skipped(.device, "device-registry", title, reason: "no hub-owner connection string: give --hub-owner-file FILE or set \(HubOwnerOptions.environmentVariable)")]
        }
        guard let device = state.device.device else {
            return [skipped(.device, "device-registry", title, reason: "no device id: give --device ID, --connection-string or --session FILE")]
        }
        guard let edgeDevice = state.device.edgeDevice else {
            return [skipped(.device, "device-registry", title, reason: "no IoT Edge device id: give --edge-device ID or --session FILE")]
        }
        if let hub = state.device.hub, !hub.isSameHub(as: registry.hub) {
            return [Check(step: .device, result: CheckResult(
                id: "device-registry", title: "the hub-owner connection string is for \(registry.hub.hostName), not \(hub.hostName)",
                status: .error, fix: "give the connection string of \(hub.hostName)'s iothubowner (or registryRead) policy"))]
        }
        let results = await DeviceRegistryCheck(client: registry, device: device, edgeDevice: edgeDevice).run()
        return results.map { Check(step: .device, result: $0) }
    }

    /// Step 4: a token generated from the device key, for this hub and device, not about to expire.
    func sas() -> [Check] {
        if let reason = SASStep.fieldErrors(state.sas).first?.message {
            return [skipped(.sas, "sas-token", "SAS token well formed and current", reason: reason)]
        }
        driver.send(.sas(.generate(now: now)))
        guard let token = state.sas.token else {
            return [Check(step: .sas, result: CheckResult(
                id: "sas-token", title: "SAS token could not be generated", status: .error,
                fix: "Check the device key, hub and device id."))]
        }
        let inspection = token.inspection
        let target = "\(state.sas.inputs.device?.rawValue ?? "?") on \(state.sas.inputs.hub?.hostName ?? "?")"
        let left = DurationWording.describe(inspection.timeLeft(at: now))
        switch SASStep.status(state.sas, now: now) {
        case .done(let warning?):
            return [Check(step: .sas, result: CheckResult(
                id: "sas-token", title: "SAS token for \(target): \(warning)", status: .warning,
                fix: "Generate a longer-lived token (kepedge sas generate --lifetime 30d)."))]
        case .done(nil):
            return [Check(step: .sas, result: CheckResult(
                id: "sas-token", title: "SAS token for \(target) is well formed, expires in \(left)", status: .ok))]
        case .failed(let reason), .stale(let reason):
            return [Check(step: .sas, result: CheckResult(
                id: "sas-token", title: "SAS token for \(target): \(reason)", status: .error,
                fix: "Generate a new token (kepedge sas generate)."))]
        case .pending, .running:
            return [skipped(.sas, "sas-token", "SAS token well formed and current", reason: "no token was generated")]
        }
    }

    /// Step 4 with a token the engineer gave: well formed (parsed already), for this hub and device,
    /// not expired, not about to expire. The validation step needs the device key, so it is skipped.
    func sas(given token: SASToken) -> [Check] {
        let inspection = token.inspection
        let target = inspection.deviceID.map { "\($0) on \(inspection.hubHostName)" } ?? inspection.resourceURI
        var results: [CheckResult] = []
        let hub = state.device.hub, device = state.device.device
        if let hub, inspection.hubHostName.lowercased() != hub.hostName.lowercased() || (device != nil && inspection.deviceID != device?.rawValue) {
            results.append(CheckResult(
                id: "sas-token-target", title: "SAS token is for \(target), not \(device?.rawValue ?? "?") on \(hub.hostName)",
                status: .error, fix: "Make a token for this device with kepedge sas generate."))
        }
        let left = inspection.timeLeft(at: now)
        if inspection.hasPassedExpiry(at: now) {
            results.append(CheckResult(
                id: "sas-token", title: "SAS token for \(target) expired \(DurationWording.describe(-left)) ago", status: .error,
                fix: "Generate a new token (kepedge sas generate) and give it to the Kepware agent as its password."))
        } else if left < SASStep.expiryWarning {
            results.append(CheckResult(
                id: "sas-token", title: "SAS token for \(target) expires in \(DurationWording.describe(left))", status: .warning,
                fix: "Generate a longer-lived token (kepedge sas generate --lifetime 30d)."))
        } else {
            results.append(CheckResult(
                id: "sas-token", title: "SAS token for \(target) is well formed, expires in \(DurationWording.describe(left))", status: .ok))
        }
        return results.map { Check(step: .sas, result: $0) }
    }

    /// Step 5, read-only, when Kepware's password is given: API, plug-in, agent, settings, event log.
    func agent(kepware: KepwareConnection) async -> [Check] {
        let client: KepwareConfigClient
        switch kepware {
        case .notGiven:
            return [skipped(.agent, "agent", "Kepware agent configured for the gateway",
                            reason: "no Kepware password: give --kepware-password-file FILE or set \(KepwareConnectionOptions.passwordEnvironmentVariable), with --kepware-host/--kepware-https or --session FILE")]
        case .failed(let endpoint, let message):
            return [Check(step: .agent, result: CheckResult(
                id: "kepware-api", title: "Kepware Configuration API at \(endpoint.baseURL) answers", status: .error,
                details: [message], fix: "see the line above; kepedge kepware log tests the connection alone"))]
        case .connected(let connected):
            client = connected
        }
        let expected = AgentStep.settings(state.agent, password: Secret(""))
        let results = await KepwareAgentCheck(client: client, agentName: agentName, expected: expected).run(now: now)
        return results.map { Check(step: .agent, result: $0) }
    }

    /// Step 6's logs: edgeHub's (and the lab broker's) error lines about the device in the last 5 minutes.
    func recentLogs(edgeHubLog: EdgeHubRecentLog, brokerLog: String?) async throws -> [Check] {
        let device = state.device.device?.rawValue
        var results = [await RecentLogCheck.edgeHub(deviceID: device, log: edgeHubLog)]
        if let brokerLog {
            results.append(try RecentLogCheck.brokerLog(path: brokerLog, deviceID: device, now: Date()))
        }
        return results.map { Check(step: .validation, result: $0) }
    }

    /// The agent's name in Kepware: the session's, else the one kepedge would give it (the device id).
    var agentName: String {
        (try? AgentStep.settings(state.agent, password: Secret("")).get().agentName)
            ?? (state.agent.agentNameText.isEmpty ? state.device.deviceIDText : state.agent.agentNameText)
    }

    /// Step 6: TLS, MQTT CONNECT as the device (CONNACK), one test publish (PUBACK); or, when Kepware's agent is
    /// configured or connected (read in step 5), its event-log evidence, unless `probeAnyway` (issue 13 §6).
    func validation(agent: KepwareAgentPresence = .unknown, probeAnyway: Bool = false) async -> [Check] {
        if let reason = ValidationStep.fieldErrors(state.validation).first?.message {
            return [skipped(.validation, "validate", "MQTT connect and test publish through the gateway", reason: reason)]
        }
        let device = state.validation.inputs.device?.rawValue ?? ""
        if case .useEvidence(let reason) = DeviceProbeDecision.decide(agent: agent, deviceID: device, confirmed: probeAnyway) {
            return [Check(step: .validation, result: DeviceProbeDecision.evidenceCheck(agent: agent, reason: reason + "; --probe-as-device connects anyway"))]
        }
        guard await driver.send(.validation(.run), awaiting: .validation, timeout: timeout) else {
            return [timedOut(.validation, "validate")]
        }
        return ValidationStep.checks(state.validation, now: now).map { Check(step: .validation, result: $0) }
    }

    private static let noGateway = "no gateway name: give --gateway NAME, --session FILE or --config PATH"

    private func skipped(_ step: StepID, _ id: String, _ title: String, reason: String) -> Check {
        Check(step: step, result: CheckResult(id: id, title: title, status: .skipped, details: ["skipped: \(reason)"]))
    }

    private func timedOut(_ step: StepID, _ id: String) -> Check {
        Check(step: step, result: CheckResult(
            id: id, title: "step \(step.rawValue) (\(step.shortTitle)) did not finish within \(timeout)", status: .error,
            fix: "Check that the gateway answers, or give more time with --step-timeout."))
    }
}

/// How step 5 reaches Kepware: not asked (no password), a connection that failed, or a client.
enum KepwareConnection {
    case notGiven
    case failed(KepwareEndpoint, String)
    case connected(KepwareConfigClient)
}

/// What `kepedge check --output json` prints; the schema is documented in docs/check-json.md.
struct CheckCommandOutput: Encodable {
    struct Check: Encodable {
        var step: Int
        var result: CheckResult

        init(step: StepID, result: CheckResult) {
            self.step = step.rawValue
            self.result = result
        }

        enum CodingKeys: String, CodingKey { case step, id, title, status, details, fix }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(step, forKey: .step)
            try container.encode(result.id, forKey: .id)
            try container.encode(result.title, forKey: .title)
            try container.encode(result.status.rawValue, forKey: .status)
            try container.encode(result.details, forKey: .details)
            try container.encode(result.fix, forKey: .fix)
        }
    }

    struct Summary: Encodable {
        var ok = 0
        var warnings = 0
        var errors = 0
        var skipped = 0

        /// The footer of the text output.
        var line: String {
            "\(ok) ok, \(warnings) warning\(warnings == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s"), \(skipped) skipped"
        }
    }

    var checks: [Check]
    var summary: Summary

    init(checks: [Check]) {
        self.checks = checks
        var summary = Summary()
        for check in checks {
            switch check.result.status {
            case .ok: summary.ok += 1
            case .warning: summary.warnings += 1
            case .error: summary.errors += 1
            case .skipped: summary.skipped += 1
            }
        }
        self.summary = summary
    }
}
