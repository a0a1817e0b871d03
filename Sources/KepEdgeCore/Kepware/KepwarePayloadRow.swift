import Foundation

/// One tag value from a Kepware standard-template message.
public struct KepwarePayloadRow: Equatable, Sendable, Codable {
    public enum Quality: String, Equatable, Sendable, Codable {
        case good, bad, unknown
    }

    /// The full tag path, e.g. `Channel1.Device1.Tag1`.
    public let tag: String
    /// The value as text: numbers as written, strings as they are, anything else as compact JSON.
    public let value: String
    public let quality: Quality
    /// `t`, when it was a plausible epoch-milliseconds number.
    public let time: Date?

    public init(tag: String, value: String, quality: Quality, time: Date?) {
        self.tag = tag
        self.value = value
        self.quality = quality
        self.time = time
    }
}
