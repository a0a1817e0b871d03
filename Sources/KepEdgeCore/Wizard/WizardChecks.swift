/// Every step's verdicts for the wizard's state: what the step's screen shows under its form and what
/// `kepedge check` prints for that step. Both call this; nothing else builds a `CheckResult`.
extension Wizard {
    public static func checks(of step: StepID, in state: State) -> [CheckResult] {
        switch step {
        case .certificate:
            var results: [CheckResult] = []
            if let failure = state.certificate.ca.failure { results.append(CheckResult(failure: failure, id: .caFile)) }
            results += CertificateStep.checks(state.certificate, now: state.now)
            if let failure = state.certificate.export.failure { results.append(CheckResult(failure: failure, id: .certificateExport)) }
            return results
        case .names:
            let configFailure = state.names.edgeConfig.failure.map { [CheckResult(failure: $0, id: .edgeConfig)] } ?? []
            return configFailure + NamesStep.checks(state.names)
        case .device:
            return DeviceStep.checks(state.device)
        case .sas:
            return SASStep.checks(state.sas, now: state.now)
        case .agent:
            return AgentStep.checks(state.agent)
        case .validation:
            return ValidationStep.checks(state.validation, now: state.now)
        }
    }
}
