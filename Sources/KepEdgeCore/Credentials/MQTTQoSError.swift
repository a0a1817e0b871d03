import Foundation

/// Why an MQTT QoS level was refused.
public enum MQTTQoSError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case exactlyOnceNotSupported
    case notALevel(Int)

    public var description: String {
        switch self {
        case .exactlyOnceNotSupported:
            return "QoS 2 (exactly once) is not supported: IoT Hub and edgeHub close the connection when a device publishes with QoS 2; use 1 (at least once)"
        case .notALevel(let level):
            return "QoS \(level) does not exist; use 1 (at least once) or 0 (at most once)"
        }
    }

    public var errorDescription: String? { description }
}
