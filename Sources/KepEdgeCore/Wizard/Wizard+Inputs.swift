/// The wiring between steps: what each step takes from the others. A step whose inputs change is
/// told so (and cancels what it had running); its own status then says whether it is stale.
extension Wizard {
    static func propagateInputs(_ state: inout State) -> [Effect] {
        var effects: [Effect] = []
        let gatewayHost = state.names.gatewayHost
        let port = state.names.port ?? 8883

        let certificateInputs = CertificateStep.Inputs(gatewayHost: gatewayHost, port: port)
        if state.certificate.inputs != certificateInputs {
            effects += CertificateStep.reduce(&state.certificate, .inputsChanged(certificateInputs)).map(Effect.certificate)
        }

        let servedNames = state.certificate.probe.value?.servedChain.first?.subjectAlternativeNames
            .compactMap(Self.hostName(fromSubjectAlternativeName:)) ?? []
        let namesInputs = NamesStep.Inputs(certificateNames: servedNames)
        if state.names.inputs != namesInputs {
            effects += NamesStep.reduce(&state.names, .inputsChanged(namesInputs)).map(Effect.names)
        }

        let hub = state.device.hub
        let device = state.device.device
        let sasInputs = SASStep.Inputs(hub: hub, device: device, deviceKey: DeviceStep.deviceKey(state.device))
        if state.sas.inputs != sasInputs {
            effects += SASStep.reduce(&state.sas, .inputsChanged(sasInputs)).map(Effect.sas)
        }

        let token = SASStep.status(state.sas, now: state.now).isDone ? state.sas.token : nil
        let agentInputs = AgentStep.Inputs(gatewayHost: gatewayHost, port: port, hub: hub, device: device, token: token)
        if state.agent.inputs != agentInputs {
            effects += AgentStep.reduce(&state.agent, .inputsChanged(agentInputs)).map(Effect.agent)
        }

        // Read the QoS field as the agent step does (trimmed), so the probe publishes as Kepware will.
        let qos = Int(state.agent.qosText.trimmingCharacters(in: .whitespaces)).flatMap { try? MQTTQoS(level: $0) } ?? .atLeastOnce
        let validationInputs = ValidationStep.Inputs(
            gatewayHost: gatewayHost, port: port, caPath: state.certificate.caPath, hub: hub, device: device,
            token: token, apiVersion: state.agent.apiVersionText, qos: qos, agent: KepwareAgentPresence(agentStep: state.agent),
            edgeRelease: state.names.edgeConfig.value?.edgeRelease, gatewayHubHostName: state.names.edgeConfig.value?.hubHostName)
        if state.validation.inputs != validationInputs {
            effects += ValidationStep.reduce(&state.validation, .inputsChanged(validationInputs)).map(Effect.validation)
        }
        return effects
    }

    /// `DNS:gw01` → `gw01`; `IP Address:10.0.0.10` → `10.0.0.10` (the forms OpenSSL prints).
    static func hostName(fromSubjectAlternativeName name: String) -> String? {
        for prefix in ["DNS:", "IP Address:", "IP:"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
