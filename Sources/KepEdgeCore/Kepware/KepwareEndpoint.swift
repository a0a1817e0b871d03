/// Where the Kepware Configuration API listens: `http(s)://host:port/config/v1`.
/// `localhost` is rewritten to `127.0.0.1` because the API does not speak IPv6 (PTC's kepconfig does the same).
public struct KepwareEndpoint: Equatable, Sendable {
    public static let defaultHTTPPort = 57412
    public static let defaultHTTPSPort = 57512

    public let host: String
    public let port: Int
    public let https: Bool
    /// Set when the host was rewritten or cannot work, for the user to read.
    public let warning: String?

    public init(host input: String, port: Int?, https: Bool) throws(KepwareEndpointError) {
        var host = input.trimmingCharacters(in: .whitespaces)
        var warning: String?
        if host.isEmpty { throw KepwareEndpointError(reason: "the Kepware host is empty; give --kepware-host 127.0.0.1 (or the Kepware machine's IPv4 address)") }
        if host.lowercased() == "localhost" {
            host = "127.0.0.1"
            warning = "using 127.0.0.1 instead of localhost: the Kepware Configuration API does not speak IPv6, and localhost may resolve to ::1"
        } else if host.contains(":") {
            throw KepwareEndpointError(reason: "\(input) is an IPv6 address; the Kepware Configuration API does not speak IPv6: use the machine's IPv4 address")
        }
        let chosenPort = port ?? (https ? Self.defaultHTTPSPort : Self.defaultHTTPPort)
        guard (1...65535).contains(chosenPort) else { throw KepwareEndpointError(reason: "port \(chosenPort) is not from 1 to 65535") }
        self.host = host
        self.port = chosenPort
        self.https = https
        self.warning = warning
    }

    /// `http://127.0.0.1:57412/config/v1`
    public var baseURL: String { "\(https ? "https" : "http")://\(host):\(port)/config/v1" }
}

public struct KepwareEndpointError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
