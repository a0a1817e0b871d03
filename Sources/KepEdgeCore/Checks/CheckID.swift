/// Every check kepedge makes, by the stable id scripts read in `kepedge check --output json`
/// (documented in docs/check-json.md; a test keeps the two lists equal). Each id is produced by one
/// function in KepEdgeCore, which the wizard's screens and `kepedge check` both call.
public enum CheckID: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// The id as scripts see it, e.g. `tls-verify`.
    public var description: String { rawValue }

    // Step 1: certificate
    /// The step could not run (skipped: an input is missing) or did not finish in time.
    case certificate
    case caFile = "ca-file"
    case tlsCA = "tls-ca"
    case tlsConnect = "tls-connect"
    case tlsHandshake = "tls-handshake"
    case tlsVerify = "tls-verify"
    case tlsServerExpiry = "tls-server-expiry"
    case certificateExport = "certificate-export"
    /// Any certificate file's dates (`kepedge certs show`).
    case certificateValidity = "certificate-validity"

    // Step 2: names
    case names
    case edgeConfig = "edge-config"
    case nameResolves = "name-resolves"
    case certNameMatch = "cert-name-match"
    case portOpen = "port-open"
    case hostsFile = "hosts-file"
    case hostsLine = "hosts-line"
    /// The hub as the gateway's config spells it (IoT Edge 1.1 compares the token's hub case-sensitively).
    case hubSpelling = "hub-spelling"

    // Step 3: device registration
    /// Skipped, the hub-owner connection string is for another hub, or the registry could not be read.
    case deviceRegistry = "device-registry"
    case deviceExists = "device-exists"
    case deviceEnabled = "device-enabled"
    case deviceParent = "device-parent"
    case edgeHubRoutes = "edgehub-routes"

    // Step 4: SAS token
    case sasToken = "sas-token"
    case sasTokenTarget = "sas-token-target"

    // Step 5: Kepware agent
    case agent
    case kepwareAPI = "kepware-api"
    case kepwareIoTGateway = "kepware-iot-gateway"
    case kepwareAgent = "kepware-agent"
    case kepwareAgentSettings = "kepware-agent-settings"
    case kepwareAgentConnected = "kepware-agent-connected"
    case kepwareAgentPush = "kepware-agent-push"
    case kepwareItem = "kepware-item"
    case kepwareAgentReadback = "kepware-agent-readback"

    // Step 6: validation
    case validate
    case validateConnack = "validate-connack"
    case validatePuback = "validate-puback"
    /// The probe as the device was held back (Kepware's agent holds the session): the evidence used instead.
    case validateAgentEvidence = "validate-agent-evidence"
    case edgeHubLog = "edgehub-log"
    case brokerLog = "broker-log"
    /// From edgeHub's own counters: messages received from the device, sent upstream, or why not readable.
    case edgeHubReceives = "edgehub-receives"
    case edgeHubForwards = "edgehub-forwards"
    case edgeHubMetrics = "edgehub-metrics"
    /// From IoT Hub's built-in endpoint (hub-owner connection string): the device's messages arrive, and how fast.
    case hubArrival = "hub-arrival"

    /// The wizard step whose screen shows this check and under which `kepedge check` lists it.
    public var step: StepID {
        switch self {
        case .certificate, .caFile, .certificateValidity, .tlsCA, .tlsConnect, .tlsHandshake, .tlsVerify, .tlsServerExpiry, .certificateExport:
            return .certificate
        case .names, .edgeConfig, .nameResolves, .certNameMatch, .portOpen, .hostsFile, .hostsLine, .hubSpelling:
            return .names
        case .deviceRegistry, .deviceExists, .deviceEnabled, .deviceParent, .edgeHubRoutes:
            return .device
        case .sasToken, .sasTokenTarget:
            return .sas
        case .agent, .kepwareAPI, .kepwareIoTGateway, .kepwareAgent, .kepwareAgentSettings, .kepwareAgentConnected,
             .kepwareAgentPush, .kepwareItem, .kepwareAgentReadback:
            return .agent
        case .validate, .validateConnack, .validatePuback, .validateAgentEvidence, .edgeHubLog, .brokerLog, .edgeHubReceives, .edgeHubForwards, .edgeHubMetrics,
             .hubArrival:
            return .validation
        }
    }
}
