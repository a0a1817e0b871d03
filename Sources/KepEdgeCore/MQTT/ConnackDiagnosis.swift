import Foundation

/// What a CONNACK return code means at edgeHub and IoT Hub, and its likely causes, ranked by what the
/// wizard can already see in the credentials it sent (azure.md §2, §3, §10).
public struct ConnackDiagnosis: Equatable, Sendable, Codable {
    /// How well a cause fits the evidence the wizard has.
    public enum Evidence: String, Equatable, Sendable, Codable, Comparable {
        /// The wizard can see this is the case (e.g. the token's `se` has passed).
        case seen
        /// Cannot be seen from here; check it.
        case possible
        /// The wizard checked and this is not it.
        case ruledOut

        public static func < (lhs: Evidence, rhs: Evidence) -> Bool { lhs.rank < rhs.rank }
        private var rank: Int { switch self { case .seen: 0; case .possible: 1; case .ruledOut: 2 } }
    }

    public struct Cause: Equatable, Sendable, Codable {
        /// Stable id for scripts and tests, e.g. `token-expired`.
        public let id: String
        public let text: String
        public let fix: String
        public let evidence: Evidence
    }

    public let code: Int
    /// MQTT 3.1.1's name for the code, e.g. "not authorized".
    public let name: String
    /// What the code means coming from edgeHub (and IoT Hub).
    public let meaning: String
    /// Seen causes first, then possible ones in order of how often they happen; ruled-out ones last.
    public let causes: [Cause]

    public var accepted: Bool { code == 0 }

    /// The causes the wizard has not ruled out.
    public var likelyCauses: [Cause] { causes.filter { $0.evidence != .ruledOut } }

    public static func diagnose(code: Int, context: ConnackContext, now: Date) -> ConnackDiagnosis {
        let candidates: [Cause]
        switch code {
        case 0:
            return ConnackDiagnosis(code: 0, name: "accepted", meaning: "Connection accepted: edgeHub authenticated the device.", causes: [])
        case 5:
            candidates = notAuthorizedCauses(context, now: now)
        case 3:
            candidates = serverUnavailableCauses(context)
        case 4:
            candidates = [
                Cause(id: "no-password", text: "No password was sent; edgeHub needs the SAS token as the MQTT password",
                      fix: "Set the agent's password to the SAS token from 'kepedge sas'", evidence: context.hasPassword ? .ruledOut : .seen),
                Cause(id: "not-edgehub", text: "The server is not edgeHub (edgeHub and IoT Hub answer 5, not 4); it checked a username and password of its own",
                      fix: "Check that the host and port are the IoT Edge gateway's 8883", evidence: .possible),
            ]
        case 2:
            let empty = context.clientID.isEmpty
            candidates = [
                Cause(id: "client-id-empty", text: "The client id is empty (edgeHub would answer 3 to that; this server answered 2)",
                      fix: "Set the agent's Client ID to the device id", evidence: empty ? .seen : .ruledOut),
                Cause(id: "not-edgehub", text: "The server is not edgeHub and rejected the client id \(context.clientID)",
                      fix: "Check that the host and port are the IoT Edge gateway's 8883", evidence: empty ? .possible : .seen),
            ]
        case 1:
            candidates = [
                Cause(id: "protocol-version", text: "The server does not speak MQTT 3.1.1; edgeHub and IoT Hub do, so this is another server",
                      fix: "Check that the host and port are the IoT Edge gateway's 8883, and that Kepware's agent uses MQTT 3.1.1", evidence: .possible),
            ]
        default:
            return ConnackDiagnosis(code: code, name: "unknown code \(code)",
                                    meaning: "MQTT 3.1.1 defines return codes 0–5 only; this server is not edgeHub.",
                                    causes: [Cause(id: "not-edgehub", text: "The server is not edgeHub",
                                                   fix: "Check that the host and port are the IoT Edge gateway's 8883", evidence: .possible)])
        }
        return ConnackDiagnosis(code: code, name: names[code] ?? "code \(code)", meaning: meanings[code] ?? "",
                                causes: rank(candidates))
    }

    /// Stable sort: evidence first, then the order the candidates were listed in (most common first).
    static func rank(_ causes: [Cause]) -> [Cause] {
        causes.enumerated().sorted { ($0.element.evidence, $0.offset) < ($1.element.evidence, $1.offset) }.map(\.element)
    }

    static let names = [1: "unacceptable protocol version", 2: "identifier rejected", 3: "server unavailable",
                        4: "bad username or password", 5: "not authorized"]

    static let meanings = [
        5: "edgeHub (and IoT Hub) refused the device's credentials: it could not authenticate this client.",
        3: "edgeHub could not make an identity from the CONNECT: the client id is blank or the username cannot be parsed (most often no api-version).",
        4: "edgeHub and IoT Hub do not send this code (they answer 5); the server checked a username and password of its own.",
        2: "The server rejected the client id; edgeHub answers 3 for a blank client id and 5 for a wrong one.",
        1: "The server refused MQTT 3.1.1.",
    ]

    private static func notAuthorizedCauses(_ context: ConnackContext, now: Date) -> [Cause] {
        var causes: [Cause] = []
        let token = context.token
        // Expired: edgeHub allows 5 minutes of clock skew past se.
        let expiredEvidence: Evidence
        var expiredText = "The SAS token has expired (edgeHub allows 5 minutes past its expiry)"
        if let token {
            expiredEvidence = token.isExpired(at: now) ? .seen : .ruledOut
            if token.isExpired(at: now) {
                expiredText = "The SAS token expired at \(Self.isoText(token.expiry)) (edgeHub allows 5 minutes past it)"
            }
        } else {
            expiredEvidence = .possible
        }
        causes.append(Cause(id: "token-expired", text: expiredText,
                            fix: "Make a new token with 'kepedge sas' and set it as the agent's password; check both clocks", evidence: expiredEvidence))

        let tokenDevice = token?.deviceID
        let clientMismatch: Evidence
        if let tokenDevice { clientMismatch = tokenDevice == context.clientID ? .ruledOut : .seen }
        else if let userDevice = context.usernameDevice { clientMismatch = userDevice == context.clientID ? .possible : .seen }
        else { clientMismatch = .possible }
        causes.append(Cause(id: "client-id-not-device",
                            text: "The client id \(context.clientID) is not the device id\(tokenDevice.map { " the token is for (\($0))" } ?? "") (edgeHub compares them exactly, case included)",
                            fix: "Set the agent's Client ID to exactly the device id", evidence: clientMismatch))

        causes.append(audienceCause(context))

        if let token, token.policyName != nil {
            causes.append(Cause(id: "policy-token", text: "The token is signed with a hub policy (skn=\(token.policyName ?? "")), not the device's key",
                                fix: "Make a device token from the device's key with 'kepedge sas'", evidence: .seen))
        }
        if !context.hasPassword {
            causes.append(Cause(id: "no-password", text: "No password was sent", fix: "Set the agent's password to the SAS token", evidence: .seen))
        }
        causes.append(Cause(id: "no-parent", text: "The device has no parent: since IoT Edge 1.1 a downstream device must be a child of the gateway's edge device",
                            fix: "az iot hub device-identity parent set -d <device> --pd <edge device> -n <hub>; edgeHub picks it up within a minute or two", evidence: .possible))
        causes.append(Cause(id: "wrong-key", text: "The token was signed with a key that is not the device's primary or secondary key",
                            fix: "Copy the device's key again from the hub and make a new token", evidence: .possible))
        causes.append(Cause(id: "device-disabled", text: "The device is disabled in IoT Hub",
                            fix: "Enable the device in the hub (status: enabled)", evidence: .possible))
        return causes
    }

    /// DeviceScopeTokenAuthenticator.ValidateAudience: the token's host must be the hub of edgeHub's own connection
    /// string or the gateway's host name; 1.1 compares case included, 1.2+ ignore case (see `IoTEdgeRelease`).
    static func audienceCause(_ context: ConnackContext) -> Cause {
        let id = "audience-mismatch"
        guard let token = context.token, let reference = context.gatewayHubHostName ?? context.usernameHub else {
            return Cause(id: id, text: "The token's hub (\(context.token?.hubHostName ?? "?")) may differ from the gateway's hub",
                         fix: "Make the token for the hub the gateway's config names: 'kepedge sas --hub …'", evidence: .possible)
        }
        let audience = token.hubHostName
        let whose = context.gatewayHubHostName == nil ? "the hub in the username" : "the hub in the gateway's config"
        if audience == reference || (context.gatewayHostName.map { $0.lowercased() == audience.lowercased() } ?? false) {
            let gatewayNote = audience == reference ? "" : " (it names the gateway, which edgeHub accepts)"
            return Cause(id: id, text: "The token's audience host \(audience) matches\(gatewayNote) \(whose)",
                         fix: "Nothing to change here", evidence: .ruledOut)
        }
        if audience.lowercased() == reference.lowercased() {
            let text = "The token spells the hub \(audience) but \(whose) is \(reference): IoT Edge 1.1 compares them case included and refuses the token (1.2+ ignore case)"
            let fix = "Make the token with the hub spelt exactly as the gateway's connection string has it: 'kepedge sas --hub \(reference) …'"
            switch context.edgeRelease {
            case .v1_1?: return Cause(id: id, text: text, fix: fix, evidence: .seen)
            case .v1_2OrLater?: return Cause(id: id, text: "The token spells the hub \(audience), \(whose) \(reference); IoT Edge 1.2+ ignores the case",
                                              fix: "Nothing to change here", evidence: .ruledOut)
            case nil: return Cause(id: id, text: text + "; which release the gateway runs is not known here", fix: fix, evidence: .possible)
            }
        }
        return Cause(id: id, text: "The token's hub (\(audience)) is neither \(whose) (\(reference)) nor the gateway",
                     fix: "Make the token for the hub \(whose) names: 'kepedge sas --hub \(reference) …'", evidence: .seen)
    }

    /// edgeHub's DeviceIdentityProvider throws for a blank client id or username and for a username it cannot
    /// parse; the protocol gateway then answers 3 (server unavailable), not 5 (see docs/lab-broker-auth.md).
    private static func serverUnavailableCauses(_ context: ConnackContext) -> [Cause] {
        let hasVersion = context.usernameHasAPIVersion
        let shapeOK = context.usernameDevice != nil && context.usernameHub != nil
        let blankClientID = context.clientID.allSatisfy(\.isWhitespace)
        return [
            Cause(id: "client-id-empty", text: "The client id is blank; edgeHub cannot make an identity without one and answers 3",
                  fix: "Set the agent's Client ID to the device id", evidence: blankClientID ? .seen : .ruledOut),
            Cause(id: "no-api-version", text: "The username has no api-version (edgeHub requires one): \(context.username)",
                  fix: "Use the username {hub}/{device}/?api-version=\(GatewayMQTTSettings.defaultAPIVersion)", evidence: hasVersion ? .ruledOut : .seen),
            Cause(id: "username-shape", text: "The username \(context.username.isEmpty ? "is empty" : "is not {hub}/{device}/?api-version=…"); edgeHub cannot read the device from it",
                  fix: "Use the username 'kepedge agent print' shows, with /? before api-version", evidence: shapeOK ? .ruledOut : .seen),
            Cause(id: "edgehub-error", text: "edgeHub failed while processing the CONNECT (starting up, or an internal error)",
                  fix: "Look at 'iotedge logs edgeHub' for an error at the time of the connection", evidence: .possible),
        ]
    }

    private static func isoText(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
