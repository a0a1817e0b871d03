import Foundation

/// What `kepedge` saves between runs: the wizard's non-secret fields and where the engineer was.
///
/// Secrets (device keys, hub-owner connection strings, SAS tokens, Kepware passwords) have no
/// place here: `Secret` is not `Codable`, so they cannot be added by accident. The token's expiry
/// and what it was for are kept, so the next run can still say when Kepware's password runs out.
public struct WizardSession: Codable, Equatable, Sendable {
    /// The format this kepedge writes and reads; a newer file is refused, not misread.
    public static let currentVersion = 1
    public static let formatName = "kepedge-session"

    public var format: String = WizardSession.formatName
    public var version: Int = WizardSession.currentVersion
    public var savedAt: Date
    public var savedBy: String = "kepedge \(KepEdgeVersion.current)"
    public var currentStep: StepID

    public var gatewayHost: String
    public var port: String
    public var caPath: String
    public var exportDirectory: String
    public var hub: String
    public var deviceID: String
    public var edgeDeviceID: String
    public var tokenLifetime: String
    public var token: TokenRecord?
    public var agentName: String
    public var apiVersion: String
    public var qos: String
    public var kepwareURL: String
    public var kepwareUser: String
    public var kepwareFingerprint: String
    public var items: String

    /// The non-secret facts about the last generated token.
    public struct TokenRecord: Codable, Equatable, Sendable {
        public var hub: String
        public var deviceID: String
        public var expiry: Date

        public init(hub: String, deviceID: String, expiry: Date) {
            self.hub = hub
            self.deviceID = deviceID
            self.expiry = expiry
        }
    }
}

extension WizardSession {
    /// The session for the wizard's current fields.
    public init(_ state: Wizard.State, savedAt: Date) {
        self.savedAt = savedAt
        currentStep = state.current
        gatewayHost = state.names.gatewayHost
        port = state.names.portText
        caPath = state.certificate.caPath
        exportDirectory = state.certificate.exportDirectory
        // A connection string pasted into the hub field holds a key: it is never written to the session.
        hub = IoTHubHost.looksLikeConnectionString(state.device.hubText) ? "" : state.device.hubText
        deviceID = state.device.deviceIDText
        edgeDeviceID = state.device.edgeDeviceIDText
        tokenLifetime = state.sas.lifetimeText
        if let token = state.sas.token, let tokenFor = state.sas.tokenFor,
           let tokenHub = tokenFor.hub, let tokenDevice = tokenFor.device {
            self.token = TokenRecord(hub: tokenHub.hostName, deviceID: tokenDevice.rawValue, expiry: token.inspection.expiry)
        } else {
            self.token = state.previousToken
        }
        agentName = state.agent.agentNameText
        apiVersion = state.agent.apiVersionText
        qos = state.agent.qosText
        kepwareURL = state.agent.kepwareURLText
        kepwareUser = state.agent.kepwareUser
        kepwareFingerprint = state.agent.kepwareFingerprintText
        items = state.agent.itemsText
    }

    /// A wizard state with this session's fields filled in (results are not kept: they are re-checked).
    public func restoredState(now: Date) -> Wizard.State {
        var state = Wizard.State(now: now)
        state.current = currentStep
        state.names.gatewayHost = gatewayHost
        state.names.portText = port
        state.certificate.caPath = caPath
        state.certificate.exportDirectory = exportDirectory
        state.device.hubText = hub
        state.device.deviceIDText = deviceID
        state.device.edgeDeviceIDText = edgeDeviceID
        state.sas.lifetimeText = tokenLifetime
        state.agent.agentNameText = agentName
        state.agent.apiVersionText = apiVersion
        state.agent.qosText = qos
        state.agent.kepwareURLText = kepwareURL
        state.agent.kepwareUser = kepwareUser
        state.agent.kepwareFingerprintText = kepwareFingerprint
        state.agent.itemsText = items
        state.previousToken = token
        state.connection.tokenExpiry = token?.expiry
        _ = Wizard.propagateInputs(&state)
        return state
    }
}
