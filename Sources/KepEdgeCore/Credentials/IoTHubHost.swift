/// An IoT hub's host name, e.g. `myhub.azure-devices.net`.
///
/// Accepts what engineers paste: the short hub name (`myhub`), the host name, or the host name with a
/// scheme or trailing slash copied from the portal (`https://myhub.azure-devices.net/`).
/// The spelling is kept as given: DNS ignores case, but IoT Edge 1.1's edgeHub compares a token's audience host with
/// the hub name in its own connection string case-sensitively (`DeviceScopeTokenAuthenticator.ValidateAudience`,
/// iotedge release/1.1; 1.2+ ignore case since Azure/iotedge PR #3817/#3824), so `sdbedgeIoTHub` must stay
/// `sdbedgeIoTHub` in `sr`, in the agent's username and on the card.
public struct IoTHubHost: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The DNS suffix of public-cloud hubs, added to a short name.
    public static let publicCloudSuffix = "azure-devices.net"

    /// The full host name, e.g. `myhub.azure-devices.net`.
    public let hostName: String

    /// Parses a short hub name or a full host name.
    public init(parsing input: String) throws(IoTHubHostError) {
        // A whole connection string pasted here holds a key: say so without echoing any of it.
        if Self.looksLikeConnectionString(input) {
            throw IoTHubHostError(input: Self.maskedConnectionString(input),
                                  reason: "this is a connection string, which holds a key, not a hub name; give only its HostName part")
        }
        var text = input.trimmingWhitespace()
        for scheme in ["https://", "http://", "ssl://", "amqps://"] where text.lowercased().hasPrefix(scheme) {
            text = String(text.dropFirst(scheme.count))
        }
        while text.hasSuffix("/") { text.removeLast() }
        if let problem = HostNameSyntax.problem(in: text) {
            throw IoTHubHostError(input: input, reason: HostNameSyntax.describe(problem))
        }
        self.hostName = text.contains(".") ? text : "\(text).\(IoTHubHost.publicCloudSuffix)"
    }

    /// The same hub to DNS and to IoT Edge 1.2+ (case ignored).
    public func isSameHub(as other: IoTHubHost) -> Bool {
        hostName.lowercased() == other.hostName.lowercased()
    }

    /// The same hub, spelt differently: IoT Edge 1.1 refuses a token whose `sr` spells the hub otherwise
    /// than the gateway's connection string does.
    public func differsOnlyInCase(from other: IoTHubHost) -> Bool {
        isSameHub(as: other) && hostName != other.hostName
    }

    /// `HostName=…;…SharedAccessKey=…`: a device or hub-owner connection string (keys case-insensitive).
    public static func looksLikeConnectionString(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.contains("sharedaccesskey") || (lowered.contains("hostname=") && lowered.contains(";"))
            || lowered.contains("sharedaccesssignature")
    }

    /// The connection string with every value but HostName's masked: `HostName=h;DeviceId=••••;SharedAccessKey=••••`.
    public static func maskedConnectionString(_ text: String) -> String {
        text.trimmingWhitespace().split(separator: ";", omittingEmptySubsequences: false).map { part -> String in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { return "••••" }
            return pieces[0].lowercased() == "hostname" ? String(part) : "\(pieces[0])=••••"
        }.joined(separator: ";")
    }

    /// The hub's short name, the first label of the host name (`myhub`).
    public var name: String {
        String(hostName.split(separator: ".", maxSplits: 1).first ?? Substring(hostName))
    }

    public var description: String { hostName }

    /// Encoded as the plain host name; decoding validates it again.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hostName)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
