import Foundation

/// One event as read from a partition: the message annotations IoT Hub stamps and the first data section.
/// Filled by the AMQP client from Proton's decoded message; everything after this is pure.
///
/// Annotations on a real D2C message (https://github.com/Azure/azure-iot-explorer/issues/558):
/// `iothub-connection-device-id`, `iothub-connection-auth-method`, `iothub-connection-auth-generation-id`,
/// `iothub-enqueuedtime`, `iothub-message-source` (`Telemetry`), `x-opt-sequence-number`, `x-opt-offset`,
/// `x-opt-enqueued-time`.
public struct HubEventMessage: Equatable, Sendable {
    public enum Annotation: Equatable, Sendable {
        case text(String)
        case integer(Int64)
        /// An AMQP timestamp, milliseconds since the epoch.
        case timestamp(Int64)
        case other(String)

        public var text: String? {
            switch self {
            case .text(let value): value
            case .integer(let value): String(value)
            case .timestamp(let value): String(value)
            case .other(let value): value
            }
        }

        /// The annotation as a whole number (a timestamp's milliseconds, a sequence number).
        var number: Int64? {
            switch self {
            case .timestamp(let value), .integer(let value): value
            case .text(let value): Int64(value)
            case .other: nil
            }
        }
    }

    public var partition: String
    public var annotations: [String: Annotation]
    public var body: Data
    public var contentType: String?

    public init(partition: String, annotations: [String: Annotation], body: Data, contentType: String? = nil) {
        self.partition = partition
        self.annotations = annotations
        self.body = body
        self.contentType = contentType
    }

    public static let deviceIDKey = "iothub-connection-device-id"
    public static let moduleIDKey = "iothub-connection-module-id"
    public static let enqueuedTimeKey = "x-opt-enqueued-time"
    public static let sequenceNumberKey = "x-opt-sequence-number"

    public var deviceID: String? { annotations[Self.deviceIDKey]?.text }
    public var moduleID: String? { annotations[Self.moduleIDKey]?.text }
    /// `x-opt-sequence-number`: the event's place in its partition, where a reconnect resumes.
    public var sequenceNumber: Int64? { annotations[Self.sequenceNumberKey]?.number }
    /// `x-opt-enqueued-time`, else `iothub-enqueuedtime`, in milliseconds since the epoch as IoT Hub sends it.
    public var enqueuedMilliseconds: Int64? {
        (annotations[Self.enqueuedTimeKey] ?? annotations["iothub-enqueuedtime"])?.number
    }
    public var enqueuedTime: Date? { enqueuedMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) } }
}
