/// A fault the lab starts with, to practise troubleshooting: each produces the field's symptoms
/// (see docs/lab.md for what each one teaches).
public enum LabFault: String, CaseIterable, Sendable, Codable {
    /// The root CA given to kepedge and imported on the Kepware host is another chain's root.
    case wrongCA = "wrong-ca"
    /// edgeHub's server certificate was made for another host name than the one Kepware dials.
    case hostnameMismatch = "hostname-mismatch"
    /// edgeHub's server certificate has expired.
    case expiredCertificate = "expired-cert"
    /// Kepware's device exists but has no parent: edgeHub (Scope mode) does not know it.
    case noParent = "no-parent"
    /// edgeHub has no route to `$upstream`: messages are accepted and go nowhere.
    case noRoute = "no-route"
    /// Kepware's password is a SAS token that has expired.
    case expiredToken = "expired-token"
    /// Kepware's username lacks `?api-version=…`, which edgeHub requires.
    case noAPIVersion = "no-api-version"
    /// edgeHub is not running: nothing listens on the gateway's MQTT port.
    case brokerDown = "broker-down"
    /// An IoT Edge 1.1 gateway whose connection string spells the hub `Lab-Hub`, and a Kepware token for `lab-hub`:
    /// 1.1 compares the audience case included and refuses it (1.2+ would accept it).
    case hubCase = "hub-case"

    /// `wrong-ca, hostname-mismatch, …` for messages.
    public static var namesList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// What the engineer sees, in one line.
    public var symptom: String {
        switch self {
        case .wrongCA: "TLS verify fails: self-signed certificate in certificate chain (19); Kepware logs a TLS Warning"
        case .hostnameMismatch: "TLS verify fails: hostname mismatch (62); Kepware logs a TLS Warning"
        case .expiredCertificate: "TLS verify fails: certificate has expired (10); Kepware logs a TLS Warning"
        case .noParent: "CONNACK 5; the broker log says the client is not authenticated locally (identity not in scope)"
        case .noRoute: "Kepware connects and publishes, but nothing arrives upstream; the $edgeHub twin has no $upstream route"
        case .expiredToken: "CONNACK 5; the broker log says the token is expired or could not be parsed"
        case .noAPIVersion: "CONNACK 5 (edgeHub: 3); the broker log says the username does not contain valid values (no /?api-version=)"
        case .brokerDown: "connection refused on the gateway's MQTT port; Kepware logs a connect Warning"
        case .hubCase: "CONNACK 5; the broker log says the audience hostname lab-hub… does not match IoTHub hostname Lab-Hub… (IoT Edge 1.1)"
        }
    }
}
