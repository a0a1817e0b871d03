import Foundation

/// What an engineer types into Kepware's MQTT Client agent dialog, in the dialog's order.
/// The password row is masked unless `revealSecrets` is set.
public struct KepwareSettingsCard: Equatable, Sendable, Codable {
    public let agentName: String
    public let rows: [KepwareSettingsRow]
    /// Notes that apply to the card as a whole.
    public let notes: [String]

    /// - Parameters:
    ///   - tokenExpiry: when the SAS token in `settings.password` expires, shown next to the password.
    ///   - now: the time `tokenExpiry` is measured from.
    public init(settings: KepwareAgentSettings, revealSecrets: Bool, tokenExpiry: Date? = nil, now: Date = Date()) {
        agentName = settings.agentName
        let password: String
        if settings.password.isEmpty {
            password = "(no token given: generate one with 'kepedge sas')"
        } else {
            password = revealSecrets ? settings.password.revealed : settings.password.masked
        }
        rows = [
            KepwareSettingsRow(label: "URL", value: settings.url, note: "ssl://, not tcp://; the host must match the gateway certificate"),
            KepwareSettingsRow(label: "Topic", value: settings.topic, note: "keep the trailing slash"),
            KepwareSettingsRow(label: "QoS", value: settings.qos.description),
            KepwareSettingsRow(label: "Rate (ms)", value: String(settings.rateMilliseconds)),
            KepwareSettingsRow(label: "Format", value: settings.publishFormat == 0 ? "Narrow Format" : "Wide Format"),
            KepwareSettingsRow(label: "Max events per publish", value: String(settings.maxEventsPerPublish)),
            KepwareSettingsRow(label: "Transaction timeout (s)", value: String(settings.transactionTimeoutSeconds)),
            KepwareSettingsRow(label: "Client ID", value: settings.clientID, note: "must equal the device id exactly"),
            KepwareSettingsRow(label: "Username", value: settings.username,
                               note: "the hub, not the gateway; keep '/?api-version=\(settings.apiVersion)'"),
            KepwareSettingsRow(label: "Password", value: password, isSecret: true,
                               note: KepwareSettingsCard.passwordNote(tokenExpiry: tokenExpiry, now: now)),
            KepwareSettingsRow(label: "TLS Version", value: KepwareSettingsCard.tlsVersionName(settings.tlsVersion)),
            KepwareSettingsRow(label: "Client Certificate", value: settings.useClientCertificate ? "Enable" : "Disable"),
        ]
        notes = [
            "edgeHub refuses a username without api-version; IoT Hub tolerates it, so guides written for IoT Hub often leave it out.",
            "The token expires: put a new one in the Password field before then, or Kepware stops connecting.",
        ]
    }

    static func passwordNote(tokenExpiry: Date?, now: Date) -> String {
        var note = "the whole SAS token, starting 'SharedAccessSignature'"
        if let tokenExpiry {
            note += "; \(DurationWording.expiry(timeLeft: tokenExpiry.timeIntervalSince(now))), \(DurationWording.timestamp(tokenExpiry))"
        }
        return note
    }

    static func tlsVersionName(_ code: Int) -> String {
        switch code {
        case 0: return "Default"
        case 1: return "TLS 1.0"
        case 2: return "TLS 1.1"
        case 3: return "TLS 1.2"
        default: return "code \(code)"
        }
    }
}
