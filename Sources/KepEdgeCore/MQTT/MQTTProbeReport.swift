import Foundation

/// What one probe learnt.
public struct MQTTProbeReport: Equatable, Sendable {
    public enum Outcome: String, Sendable, Codable {
        /// CONNACK 0.
        case accepted
        /// A CONNACK other than 0; `connack` says which and why.
        case refused
        /// The TLS handshake failed: no CONNACK.
        case tlsFailed
        /// TCP failed or the connection closed before a CONNACK.
        case connectFailed
        /// No CONNACK within the connect timeout.
        case timedOut
        /// The probe did not get as far as a verdict (stopped early).
        case incomplete
    }

    public enum PublishOutcome: Equatable, Sendable {
        case acknowledged(topic: String, milliseconds: Double)
        case timedOut(seconds: Double)
        case failed(detail: String)
    }

    public var outcome: Outcome = .incomplete
    public var connack: ConnackDiagnosis?
    public var connectMilliseconds: Double?
    public var failureDetail: String?
    public var publish: PublishOutcome?
    /// Everything the session reported, in order.
    public var events: [MQTTSessionEvent] = []

    public init() {}
}
