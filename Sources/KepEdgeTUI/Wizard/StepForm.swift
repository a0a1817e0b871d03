import KepEdgeCore

/// One text field of a step screen: where its text lives in the wizard state and which action edits it.
public struct FieldSpec: Sendable {
    /// The `FieldError.field` name the step models use for it.
    public let id: String
    public let label: String
    /// Under the focused field: what the value is for.
    public let hint: String
    public let isSecret: Bool
    let value: @Sendable (Wizard.State) -> String
    let change: @Sendable (String) -> Wizard.Action
}

/// One button of a step screen; `hotkey` runs it when no field is being typed in.
public struct ActionSpec: Sendable {
    public let label: String
    public let hotkey: Character
    let action: @Sendable (Wizard.State) -> Wizard.Action
}

/// What a step screen holds: its fields, then its buttons (Tab walks them in this order).
public struct StepForm: Sendable {
    public let fields: [FieldSpec]
    public let actions: [ActionSpec]
    /// What the running work is called next to the spinner.
    public let runningLabel: String
    /// The action that cancels running work, nil when the step never runs any.
    let cancel: Wizard.Action?

    /// How many places Tab can reach.
    public var focusCount: Int { fields.count + actions.count }

    public static func of(_ step: StepID) -> StepForm {
        switch step {
        case .certificate: return certificate
        case .names: return names
        case .device: return device
        case .sas: return sas
        case .agent: return agent
        case .validation: return validation
        }
    }

    static let certificate = StepForm(
        fields: [
            FieldSpec(id: "caPath", label: "Root CA file", hint: "PEM or DER; Locate CA finds it", isSecret: false,
                      value: { $0.certificate.caPath }, change: { .certificate(.caPathChanged($0)) }),
            FieldSpec(id: "exportDirectory", label: "Export folder", hint: "where the .cer for Kepware is written",
                      isSecret: false, value: { $0.certificate.exportDirectory }, change: { .certificate(.exportDirectoryChanged($0)) }),
        ],
        actions: [
            ActionSpec(label: "Verify", hotkey: "v") { _ in .certificate(.verify) },
            ActionSpec(label: "Locate CA", hotkey: "l") { _ in .certificate(.locateCA) },
            ActionSpec(label: "Export .cer", hotkey: "e") { _ in .certificate(.export) },
        ],
        runningLabel: "Checking edgeHub's certificate", cancel: .certificate(.cancel))

    static let names = StepForm(
        fields: [
            FieldSpec(id: "gatewayHost", label: "Gateway host", hint: "the name Kepware connects to", isSecret: false,
                      value: { $0.names.gatewayHost }, change: { .names(.gatewayHostChanged($0)) }),
            FieldSpec(id: "port", label: "Port", hint: "edgeHub's MQTT port, 8883", isSecret: false,
                      value: { $0.names.portText }, change: { .names(.portChanged($0)) }),
        ],
        actions: [
            ActionSpec(label: "Check", hotkey: "c") { _ in .names(.check) },
            ActionSpec(label: "Read config", hotkey: "r") { _ in .names(.readEdgeConfig) },
        ],
        runningLabel: "Checking the gateway name", cancel: .names(.cancel))

    static let device = StepForm(
        fields: [
            FieldSpec(id: "hub", label: "IoT hub", hint: "short name or full host name", isSecret: false,
                      value: { $0.device.hubText }, change: { .device(.hubChanged($0)) }),
            FieldSpec(id: "device", label: "Device id", hint: "the Kepware device's id in IoT Hub", isSecret: false,
                      value: { $0.device.deviceIDText }, change: { .device(.deviceIDChanged($0)) }),
            FieldSpec(id: "edgeDevice", label: "Edge device", hint: "the gateway's own device id (the parent)", isSecret: false,
                      value: { $0.device.edgeDeviceIDText }, change: { .device(.edgeDeviceIDChanged($0)) }),
            FieldSpec(id: "ownerConnectionString", label: "Owner conn.", hint: "iothubowner connection string",
                      isSecret: true, value: { $0.device.ownerConnectionString.revealed },
                      change: { .device(.ownerConnectionStringChanged(Secret($0))) }),
            FieldSpec(id: "pastedCredential", label: "Device key", hint: "or device conn. string / key",
                      isSecret: true, value: { $0.device.pastedCredential.revealed },
                      change: { .device(.credentialPasted(Secret($0))) }),
        ],
        actions: [
            ActionSpec(label: "Check in IoT Hub", hotkey: "c") { _ in .device(.register) },
            ActionSpec(label: "Set parent", hotkey: "p") { _ in .device(.setParent) },
        ],
        runningLabel: "Asking IoT Hub", cancel: .device(.cancel))

    static let sas = StepForm(
        fields: [
            FieldSpec(id: "lifetime", label: "Lifetime", hint: "30d, 12h, 90m or 3600s", isSecret: false,
                      value: { $0.sas.lifetimeText }, change: { .sas(.lifetimeChanged($0)) }),
        ],
        actions: [
            ActionSpec(label: "Generate", hotkey: "g") { .sas(.generate(now: $0.now)) },
        ],
        runningLabel: "Generating", cancel: nil)

    static let agent = StepForm(
        fields: [
            FieldSpec(id: "agentName", label: "Agent name", hint: "empty: the device id", isSecret: false,
                      value: { $0.agent.agentNameText }, change: { .agent(.agentNameChanged($0)) }),
            FieldSpec(id: "apiVersion", label: "API version", hint: "edgeHub refuses a username without it", isSecret: false,
                      value: { $0.agent.apiVersionText }, change: { .agent(.apiVersionChanged($0)) }),
            FieldSpec(id: "qos", label: "QoS", hint: "1 (at least once) or 0; never 2", isSecret: false,
                      value: { $0.agent.qosText }, change: { .agent(.qosChanged($0)) }),
            FieldSpec(id: "items", label: "Tags", hint: "comma-separated tag paths", isSecret: false,
                      value: { $0.agent.itemsText }, change: { .agent(.itemsChanged($0)) }),
            FieldSpec(id: "kepwareURL", label: "Kepware API", hint: "Configuration API, https://host:57512", isSecret: false,
                      value: { $0.agent.kepwareURLText }, change: { .agent(.kepwareURLChanged($0)) }),
            FieldSpec(id: "kepwareUser", label: "Kepware user", hint: "a User Manager account", isSecret: false,
                      value: { $0.agent.kepwareUser }, change: { .agent(.kepwareUserChanged($0)) }),
            FieldSpec(id: "kepwarePassword", label: "Password", hint: "that account's password", isSecret: true,
                      value: { $0.agent.kepwarePassword.revealed }, change: { .agent(.kepwarePasswordChanged(Secret($0))) }),
            FieldSpec(id: "kepwareFingerprint", label: "API cert", hint: "SHA-256 of Kepware's API certificate",
                      isSecret: false, value: { $0.agent.kepwareFingerprintText }, change: { .agent(.kepwareFingerprintChanged($0)) }),
        ],
        actions: [
            ActionSpec(label: "Push to Kepware", hotkey: "u") { _ in .agent(.push) },
            ActionSpec(label: "Entered by hand", hotkey: "h") { _ in .agent(.markEnteredByHand) },
        ],
        runningLabel: "Pushing the agent to Kepware", cancel: .agent(.cancel))

    static let validation = StepForm(
        fields: [],
        actions: [
            ActionSpec(label: "Validate", hotkey: "v") { _ in .validation(.run) },
            // Kepware's agent holds the device's session: a probe as the device closes it for a moment (issue 13 §6).
            ActionSpec(label: "Connect as device anyway", hotkey: "a") { _ in .validation(.runAsDeviceAnyway) },
        ],
        runningLabel: "Connecting as the device", cancel: .validation(.cancel))
}

extension FieldSpec {
    /// The field's text in `state`.
    public func text(in state: Wizard.State) -> String { value(state) }
}
