/// Whether a TCP port accepts a connection (edgeHub's MQTT port, 8883), with a timeout.
public struct PortReachabilityReport: Equatable, Codable, Sendable {
    public var host: String
    public var address: String
    public var port: Int
    /// True when the TCP handshake completed.
    public var accepted: Bool
    /// Why not: "connection refused", "timed out after 3 s", the system's words.
    public var error: String?
    public var milliseconds: Double

    public init(host: String, address: String, port: Int, accepted: Bool, error: String?, milliseconds: Double) {
        self.host = host
        self.address = address
        self.port = port
        self.accepted = accepted
        self.error = error
        self.milliseconds = milliseconds
    }
}

