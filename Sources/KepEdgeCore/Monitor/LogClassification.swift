/// A recognised log line (edgeHub's or the lab broker's), with what it means and what to do (azure.md §6, §10).
public enum LogClassification: String, Equatable, Sendable, Codable, CaseIterable {
    // edgeHub: authentication of a downstream device
    case authenticatedLocally = "authenticated-locally"
    case notAuthenticatedLocally = "not-authenticated-locally"
    case identityGenerated = "identity-generated"
    case identityNotGenerated = "identity-not-generated"
    case clientIdentityError = "client-identity-error"
    case noAPIVersion = "no-api-version"
    case invalidUsername = "invalid-username"
    case noCredentials = "no-credentials"
    case notInScopeCache = "not-in-scope-cache"
    /// `(Found: True)`: the identity is in scope, its credentials failed (key, expiry, signature, audience).
    case cachedIdentityCredentialsFailed = "cached-identity-credentials-failed"
    case noDeviceScope = "no-device-scope"
    /// 1.2+: edgeHub could not fetch the identity from upstream (`… OnBehalfOf: {edge}`).
    case serviceIdentityRefreshFailed = "service-identity-refresh-failed"
    /// edgeHub's periodic re-authentication (DBG).
    case reauthenticatedLocally = "reauthenticated-locally"
    case notReauthenticatedLocally = "not-reauthenticated-locally"
    case credentialsNotValid = "credentials-not-valid"
    case tokenExpired = "token-expired"
    case audienceMismatch = "audience-mismatch"
    case audienceInvalid = "audience-invalid"
    case audienceDeviceMismatch = "audience-device-mismatch"
    case signatureMismatch = "signature-mismatch"
    case notEnabled = "not-enabled"
    case reauthenticationFailed = "reauthentication-failed"
    case removedFromScope = "removed-from-scope"
    // edgeHub: connections
    case clientAuthenticated = "client-authenticated"
    case newDeviceConnection = "new-device-connection"
    case cloudConnected = "cloud-connected"
    case cloudConnectionFailed = "cloud-connection-failed"
    // mosquitto (lab broker)
    case brokerClientConnected = "broker-client-connected"
    case brokerClientRefused = "broker-client-refused"
    case brokerClientDisconnected = "broker-client-disconnected"
    case brokerConnectionLost = "broker-connection-lost"
    case brokerTLSError = "broker-tls-error"
    case brokerPublishReceived = "broker-publish-received"

    /// Whether the line reports a failure for the device, whatever level it was logged at (edgeHub logs
    /// "not authenticated locally" at INF): `kepedge check` counts these as errors.
    public var isFailure: Bool {
        switch self {
        case .notAuthenticatedLocally, .identityNotGenerated, .clientIdentityError, .noAPIVersion, .invalidUsername,
             .noCredentials, .noDeviceScope, .serviceIdentityRefreshFailed, .notReauthenticatedLocally, .credentialsNotValid, .tokenExpired, .audienceMismatch, .audienceInvalid,
             .audienceDeviceMismatch, .signatureMismatch, .notEnabled, .reauthenticationFailed, .removedFromScope,
             .cloudConnectionFailed, .brokerClientRefused, .brokerTLSError:
            return true
        // The resync lines are followed by the verdict ("authenticated" or "not authenticated locally").
        case .authenticatedLocally, .reauthenticatedLocally, .identityGenerated, .notInScopeCache, .cachedIdentityCredentialsFailed,
             .clientAuthenticated, .newDeviceConnection, .cloudConnected, .brokerClientConnected, .brokerClientDisconnected,
             .brokerConnectionLost, .brokerPublishReceived:
            return false
        }
    }

    /// What the line means, in one sentence.
    public var meaning: String {
        switch self {
        case .authenticatedLocally: "edgeHub accepted the device's SAS token using its local copy of the device identity."
        case .notAuthenticatedLocally: "edgeHub could not authenticate the device with its local scope (wrong key, expired token, or not a child of this gateway)."
        case .identityGenerated: "edgeHub authenticated the client: the CONNECT was accepted."
        case .identityNotGenerated: "edgeHub refused the client (CONNACK 5): authentication failed or the client id is not the device id."
        case .clientIdentityError: "edgeHub could not read the CONNECT (CONNACK 3), usually the username."
        case .noAPIVersion: "The username has no api-version, which edgeHub requires (CONNACK 3)."
        case .invalidUsername: "edgeHub could not parse the username into hub and device (CONNACK 3)."
        case .noCredentials: "The client sent neither a SAS token (password) nor a client certificate."
        case .notInScopeCache: "The device is not in edgeHub's local device scope (Found: False, or not said before 1.0.9); edgeHub is asking IoT Hub for it."
        case .cachedIdentityCredentialsFailed: "edgeHub knows the device (Found: True) but its credentials failed: wrong key, or an expired, mis-signed or mis-addressed token; edgeHub re-reads the identity once in case the key changed."
        case .noDeviceScope: "IoT Hub says the device is not in this gateway's scope: it has no parent, or another parent."
        case .serviceIdentityRefreshFailed: "edgeHub could not fetch the device's identity on behalf of the edge device: it is not in scope (no parent, or another), or the gateway's own upstream call was refused."
        case .reauthenticatedLocally: "edgeHub's periodic re-authentication of a connected client succeeded (healthy)."
        case .notReauthenticatedLocally: "edgeHub's periodic re-authentication of a connected client failed (typically the token expired); it drops the client."
        case .credentialsNotValid: "The device's credentials did not validate."
        case .tokenExpired: "The SAS token has expired (or could not be parsed)."
        case .audienceMismatch: "The token's audience names a host that is neither the IoT hub nor this gateway."
        case .audienceInvalid: "The token's audience (sr) is not {hub}/devices/{device}."
        case .audienceDeviceMismatch: "The token is for a different device than the one connecting."
        case .signatureMismatch: "The token's signature matches neither the device's primary nor secondary key."
        case .notEnabled: "The device is disabled in IoT Hub."
        case .reauthenticationFailed: "edgeHub's 5-minute re-authentication failed and it dropped the client (typically the token expired)."
        case .removedFromScope: "The device left edgeHub's scope (parent removed or device deleted); edgeHub dropped it."
        case .clientAuthenticated: "The client's MQTT session is authenticated."
        case .newDeviceConnection: "The device is connected to edgeHub."
        case .cloudConnected: "edgeHub opened the device's connection to IoT Hub."
        case .cloudConnectionFailed: "edgeHub could not open the device's connection to IoT Hub."
        case .brokerClientConnected: "The broker accepted a client."
        case .brokerClientRefused: "The broker refused a client's credentials."
        case .brokerClientDisconnected: "A client closed its connection."
        case .brokerConnectionLost: "The broker lost a client (socket error or keep-alive timeout)."
        case .brokerTLSError: "A TLS handshake with a client failed."
        case .brokerPublishReceived: "The broker received a message."
        }
    }

    /// What to do, for the lines that report a problem; nil when nothing needs doing.
    public var fix: String? {
        switch self {
        case .notAuthenticatedLocally, .noDeviceScope, .notInScopeCache:
            "Make the device a child of the gateway: az iot hub device-identity parent set -d <device> --pd <edge device> -n <hub>"
        case .serviceIdentityRefreshFailed:
            "Make the device a child of the gateway (az iot hub device-identity parent set -d <device> --pd <edge device> -n <hub>); if it is, check the gateway's own connection upstream ('iotedge check')."
        case .cachedIdentityCredentialsFailed:
            "Not the parent: make a new token with 'kepedge sas' from the device's current key (hub spelt as the gateway's config has it) and check the clocks."
        case .notReauthenticatedLocally:
            "Make a new SAS token with 'kepedge sas' (longer lifetime) and set it as the agent's password; 'kepedge agent rotate' keeps it fresh."
        case .identityNotGenerated, .credentialsNotValid:
            "Check the client id equals the device id, and make a new token with 'kepedge sas' from the device's current key."
        case .clientIdentityError, .invalidUsername:
            "Use the username {hub}/{device}/?api-version=\(GatewayMQTTSettings.defaultAPIVersion) ('kepedge agent print' shows it)."
        case .noAPIVersion:
            "Add /?api-version=\(GatewayMQTTSettings.defaultAPIVersion) to the agent's username."
        case .noCredentials:
            "Set the agent's password to the SAS token."
        case .tokenExpired, .reauthenticationFailed:
            "Make a new SAS token with 'kepedge sas' (longer lifetime) and set it as the agent's password; check the clocks."
        case .audienceMismatch:
            "Make the token with 'kepedge sas --hub <hub> --device <device>', the hub spelt exactly as the gateway's connection string has it (IoT Edge 1.1 compares case included)."
        case .audienceInvalid, .audienceDeviceMismatch:
            "Make the token for this hub and device with 'kepedge sas --hub <hub> --device <device>'."
        case .signatureMismatch:
            "Copy the device's key again from IoT Hub and make a new token."
        case .notEnabled:
            "Enable the device in IoT Hub."
        case .removedFromScope:
            "Set the device's parent to this gateway again."
        case .cloudConnectionFailed:
            "Check the gateway's own connection to IoT Hub ('iotedge check') and that the device exists in the hub."
        case .brokerClientRefused:
            "Check the username and password the client sends."
        case .brokerTLSError:
            "Check the client trusts the broker's CA and connects by a name in its certificate."
        case .brokerConnectionLost:
            "Check the network and the client's keep-alive."
        case .authenticatedLocally, .reauthenticatedLocally, .identityGenerated, .clientAuthenticated, .newDeviceConnection, .cloudConnected,
             .brokerClientConnected, .brokerClientDisconnected, .brokerPublishReceived:
            nil
        }
    }
}
