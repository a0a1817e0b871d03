/// The MQTT delivery levels IoT Hub and edgeHub accept for telemetry. QoS 2 closes the connection.
public enum MQTTQoS: Int, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case atMostOnce = 0
    case atLeastOnce = 1

    /// 0 or 1; 2 is refused with the reason.
    public init(level: Int) throws(MQTTQoSError) {
        switch level {
        case 0: self = .atMostOnce
        case 1: self = .atLeastOnce
        case 2: throw .exactlyOnceNotSupported
        default: throw .notALevel(level)
        }
    }

    /// As Kepware's agent dialog shows it: `1 (At least once)`.
    public var description: String {
        switch self {
        case .atMostOnce: return "0 (At most once)"
        case .atLeastOnce: return "1 (At least once)"
        }
    }
}
