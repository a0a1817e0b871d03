/// The answer of the resolver for one name (getaddrinfo, all addresses, with a timeout).
public struct NameResolutionReport: Equatable, Codable, Sendable {
    public var host: String
    /// Numeric addresses in the order the resolver returned them, IPv4 and IPv6.
    public var addresses: [String]
    /// The resolver's error text when the name did not resolve, or "timed out".
    public var error: String?
    public var milliseconds: Double

    public init(host: String, addresses: [String], error: String? = nil, milliseconds: Double) {
        self.host = host
        self.addresses = addresses
        self.error = error
        self.milliseconds = milliseconds
    }

    public var resolved: Bool { error == nil && !addresses.isEmpty }
}
