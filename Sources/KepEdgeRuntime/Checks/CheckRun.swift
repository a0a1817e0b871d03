import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Runs each step's checks headless through the wizard (`kepedge check`), one step at a time: it sends
/// the step's read-only action, waits for its effects, and reports `Wizard.checks(of:in:)`, the same
/// verdicts the step's screen shows. A step that lacks an input is reported skipped, with the input.
public struct CheckRun {
    public typealias Check = CheckReport.Check

    public let driver: WizardDriver
    public let timeout: Duration

    public init(driver: WizardDriver, timeout: Duration) {
        self.driver = driver
        self.timeout = timeout
    }

    private var state: Wizard.State { driver.state }

    /// Step 1: the root CA (found from the config when not given), then the TLS verify against it.
    public func certificate() async -> [Check] {
        if state.certificate.caPath.isEmpty {
            await driver.send(.certificate(.locateCA), awaiting: .certificate, timeout: timeout)
        }
        if let failure = state.certificate.ca.failure {
            return skipped(.certificate, failure.message + "; give --ca FILE")
        }
        if state.certificate.inputs.gatewayHost.isEmpty { return skipped(.certificate, Self.noGateway) }
        if let reason = CertificateStep.verifyFieldErrors(state.certificate).first?.message { return skipped(.certificate, reason) }
        return await run(.certificate, .certificate(.verify))
    }

    /// Step 2: name resolution, certificate names, edgeHub's port, the Kepware host's hosts line.
    public func names() async -> [Check] {
        if state.names.gatewayHost.trimmingCharacters(in: .whitespaces).isEmpty { return skipped(.names, Self.noGateway) }
        if let reason = NamesStep.fieldErrors(state.names).first?.message { return skipped(.names, reason) }
        return await run(.names, .names(.check))
    }

    /// Step 3, read-only, with the hub-owner connection string in the device step: device, enabled,
    /// parent, routes to `$upstream`.
    /// - Parameter notGivenReason: why the registry is not read (no connection string given), or nil to read it.
    public func device(notGivenReason: String?) async -> [Check] {
        if let notGivenReason { return skipped(.device, notGivenReason) }
        let device = state.device
        if device.device == nil { return skipped(.device, "no device id: give --device ID, --connection-string or --session FILE") }
        if device.edgeDevice == nil { return skipped(.device, "no IoT Edge device id: give --edge-device ID or --session FILE") }
        if let mismatch = DeviceStep.ownerHubMismatch(device) { return [Check(step: .device, result: mismatch)] }
        if let reason = DeviceStep.registryFieldErrors(device).first?.message { return skipped(.device, reason) }
        return await run(.device, .device(.inspect))
    }

    /// Step 4: a token generated from the device key, for this hub and device, not about to expire.
    public func sas() -> [Check] {
        if let reason = SASStep.fieldErrors(state.sas).first?.message { return skipped(.sas, reason) }
        driver.send(.sas(.generate(now: state.now)))
        let checks = Wizard.checks(of: .sas, in: state)
        return checks.isEmpty ? skipped(.sas, "no token was generated: check the device key, hub and device id") : tagged(.sas, checks)
    }

    /// Step 4 with a token the engineer gave: for this hub and device, not expired, not about to expire.
    public func sas(given token: SASToken) -> [Check] {
        tagged(.sas, SASStep.checks(givenToken: token, hub: state.device.hub, device: state.device.device, now: state.now))
    }

    /// Step 5, read-only, when Kepware's password is given: API, plug-in, agent, settings, event log.
    /// - Parameter notGivenReason: why Kepware is not read (no password given), or nil to read it.
    public func agent(notGivenReason: String?) async -> [Check] {
        if let notGivenReason { return skipped(.agent, notGivenReason) }
        if case .failure(let error) = AgentStep.kepwareEndpoint(state.agent) { return skipped(.agent, error.message) }
        if AgentStep.expectedAgentName(state.agent) == nil {
            return skipped(.agent, "no agent name: give --device ID (the agent is named after it) or --session FILE")
        }
        return await run(.agent, .agent(.inspect))
    }

    /// Step 6: TLS, MQTT CONNECT as the device (CONNACK), one test publish (PUBACK); or, when step 5 found
    /// Kepware's agent configured or connected, its event-log evidence instead (a second connection with the
    /// device's id would close Kepware's session), unless `probeAnyway`.
    public func validation(probeAnyway: Bool = false) async -> [Check] {
        if let reason = ValidationStep.fieldErrors(state.validation).first?.message { return skipped(.validation, reason) }
        return await run(.validation, .validation(probeAnyway ? .runAsDeviceAnyway : .run))
    }

    /// Step 6's logs: edgeHub's (from the configuration's `edgeHubRecentLog`) and the lab broker's error lines
    /// about the device in the last 5 minutes.
    /// - Parameter brokerLog: the broker log's path and text, already read.
    public func recentLogs(brokerLog: (path: String, text: String)?) async -> [Check] {
        let device = state.device.device?.rawValue
        var results = [await RecentLogReader.edgeHub(deviceID: device, log: driver.configuration.edgeHubRecentLog)]
        if let brokerLog {
            results.append(RecentLogReader.brokerLog(path: brokerLog.path, text: brokerLog.text, deviceID: device, now: Date()))
        }
        return tagged(.validation, results)
    }

    private static let noGateway = "no gateway name: give --gateway NAME, --session FILE or --config PATH"

    /// Sends the step's action, waits for its effects, and reports its checks (or that it timed out).
    private func run(_ step: StepID, _ action: Wizard.Action) async -> [Check] {
        guard await driver.send(action, awaiting: step, timeout: timeout) else {
            return [Check(step: step, result: .timedOut(step, after: timeout))]
        }
        return tagged(step, Wizard.checks(of: step, in: state))
    }

    private func tagged(_ step: StepID, _ results: [CheckResult]) -> [Check] {
        results.map { Check(step: step, result: $0) }
    }

    private func skipped(_ step: StepID, _ reason: String) -> [Check] {
        [Check(step: step, result: .skipped(step, reason: reason))]
    }
}
