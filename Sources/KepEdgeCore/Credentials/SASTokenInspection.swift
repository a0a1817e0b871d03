import Foundation

/// What a SAS token says, decoded for a person: audience, hub, device, policy and expiry.
/// Holds no signature, so it can be printed and encoded freely.
public struct SASTokenInspection: Equatable, Codable, Sendable {
    /// edgeHub (and, by maintainers' account, IoT Hub) accepts a token until 5 minutes after `se`.
    public static let clockSkewAllowance: TimeInterval = 5 * 60

    /// `sr` percent-decoded, e.g. `myhub.azure-devices.net/devices/kepware-01`.
    public let resourceURI: String
    /// The first segment of the resource URI, e.g. `myhub.azure-devices.net`.
    public let hubHostName: String
    /// The id after `/devices/`, if the token is scoped to a device.
    public let deviceID: String?
    /// The id after `/modules/`, if the token is scoped to a module.
    public let moduleID: String?
    /// `skn`: present for policy (hub-level) tokens, absent for device-key tokens.
    public let policyName: String?
    /// `se`, seconds since 1970.
    public let expiryEpoch: Int

    public init(resourceURI: String, policyName: String?, expiryEpoch: Int) {
        self.resourceURI = resourceURI
        self.policyName = policyName
        self.expiryEpoch = expiryEpoch
        let segments = resourceURI.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        self.hubHostName = segments.first ?? ""
        self.deviceID = SASTokenInspection.segment(after: "devices", in: segments)
        self.moduleID = SASTokenInspection.segment(after: "modules", in: segments)
    }

    public var expiry: Date { Date(timeIntervalSince1970: TimeInterval(expiryEpoch)) }

    /// Whether `sr` names an IoT hub (`*.azure-devices.*`) or something else, e.g. the gateway.
    public var audienceNamesAHub: Bool { hubHostName.lowercased().contains(".azure-devices.") }

    /// What the audience means on each side, when it is not a hub: edgeHub accepts a token whose host is its own
    /// host name (DeviceScopeTokenAuthenticator: "does not match IoTHub hostname … or the EdgeHub hostname …"),
    /// IoT Hub accepts only its own name. Nil for a hub audience.
    public var audienceNote: String? {
        guard !audienceNamesAHub else { return nil }
        return "sr names \(hubHostName), not an IoT hub: edgeHub accepts it only if that is the gateway's own host name (config hostname), and IoT Hub refuses it, so the token works only through that gateway; the MQTT username must still name the hub"
    }

    /// Seconds until `se`; negative once it has passed.
    public func timeLeft(at now: Date) -> TimeInterval {
        expiry.timeIntervalSince(now)
    }

    /// True once `se` has passed, with no grace.
    public func hasPassedExpiry(at now: Date) -> Bool {
        now > expiry
    }

    /// edgeHub's verdict: `ExpiresOn + 5 min < now` (iotedge `SharedAccessSignature.IsExpired`).
    public func isExpired(at now: Date) -> Bool {
        expiry.addingTimeInterval(SASTokenInspection.clockSkewAllowance) < now
    }

    private static func segment(after marker: String, in segments: [String]) -> String? {
        guard let index = segments.firstIndex(of: marker), index + 1 < segments.count, !segments[index + 1].isEmpty else { return nil }
        return segments[index + 1]
    }
}
