import Foundation

/// What the wizard knows about the credentials it sent, used to rank the causes of a refused CONNECT.
public struct ConnackContext: Equatable, Sendable {
    public var clientID: String
    public var username: String
    public var hasPassword: Bool
    /// The SAS token's audience and expiry, when the password is a token the wizard could read.
    public var token: SASTokenInspection?
    /// The IoT Edge release the gateway runs, when known (from its config file's format): 1.1 compares the
    /// token's hub case-sensitively.
    public var edgeRelease: IoTEdgeRelease?
    /// The hub host name as the gateway's own config spells it (`[provisioning]`), when known: edgeHub compares
    /// the token's audience with this, not with the username.
    public var gatewayHubHostName: String?
    /// The gateway's host name (edgeHub's EdgeDeviceHostName): a token whose `sr` names it is accepted too.
    public var gatewayHostName: String?

    public init(clientID: String, username: String, hasPassword: Bool, token: SASTokenInspection?,
                edgeRelease: IoTEdgeRelease? = nil, gatewayHubHostName: String? = nil, gatewayHostName: String? = nil) {
        self.clientID = clientID
        self.username = username
        self.hasPassword = hasPassword
        self.token = token
        self.edgeRelease = edgeRelease
        self.gatewayHubHostName = gatewayHubHostName
        self.gatewayHostName = gatewayHostName
    }

    /// The hub host name, the first segment of the username.
    var usernameHub: String? {
        let first = username.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        return (first?.isEmpty ?? true) ? nil : first
    }

    /// The device segment of the username, as edgeHub's parser reads it (`host/device/…`).
    var usernameDevice: String? {
        let segments = username.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 3, !segments[1].isEmpty, !segments[1].contains("?") else { return nil }
        return segments[1]
    }

    /// edgeHub requires `api-version=` in the username (its value is not checked).
    var usernameHasAPIVersion: Bool { username.contains("api-version=") }
}
