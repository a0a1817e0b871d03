/// An IoT hub's host name, e.g. `myhub.azure-devices.net`.
///
/// Accepts what engineers paste: the short hub name (`myhub`), the host name, or the host name with a
/// scheme or trailing slash copied from the portal (`https://myhub.azure-devices.net/`).
/// DNS is case-insensitive and Azure documents lower-case resource URIs, so the host is kept in lower case.
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
        let lowered = text.lowercased()
        self.hostName = lowered.contains(".") ? lowered : "\(lowered).\(IoTHubHost.publicCloudSuffix)"
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
