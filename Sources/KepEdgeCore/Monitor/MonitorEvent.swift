import Foundation

/// One line in the message pane (and in `kepedge monitor`'s output): what happened, where, how bad.
public struct MonitorEvent: Equatable, Sendable, Codable {
    /// Where an event came from.
    public enum Source: String, Equatable, Sendable, Codable, CaseIterable {
        /// kepedge's own MQTT client (the probe connecting as the device).
        case probe
        /// edgeHub's log.
        case edgeHub
        /// The lab broker's log.
        case broker
        /// A message Kepware published (seen by a subscriber).
        case kepware
        /// The cloud side (IoT Hub).
        case upstream
        /// IoT Hub's own word: a message read from its built-in Event Hub-compatible endpoint (AMQP).
        case iotHub = "iothub"
    }

    public enum Level: String, Equatable, Sendable, Codable, CaseIterable, Comparable {
        case info, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool {
            lhs.rank < rhs.rank
        }

        /// A log line's own level, raised to a warning when it is a known failure: edgeHub logs
        /// "not authenticated locally" at INF, and the pane must not let it pass as routine.
        public static func of(_ logged: Level, classification: LogClassification?) -> Level {
            classification?.isFailure == true ? max(logged, .warning) : logged
        }

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }
    }

    public var time: Date
    public var source: Source
    public var level: Level
    /// One line, never a secret.
    public var text: String
    /// The device the event is about, when known.
    public var deviceID: String?
    /// A recognised edgeHub or broker line, with its meaning and fix.
    public var classification: LogClassification?
    /// The decoded values of a Kepware message.
    public var rows: [KepwarePayloadRow]?

    public init(time: Date, source: Source, level: Level, text: String, deviceID: String? = nil,
                classification: LogClassification? = nil, rows: [KepwarePayloadRow]? = nil) {
        self.time = time
        self.source = source
        self.level = level
        self.text = text
        self.deviceID = deviceID
        self.classification = classification
        self.rows = rows
    }
}
