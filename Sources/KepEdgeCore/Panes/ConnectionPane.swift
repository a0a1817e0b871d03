import Foundation

/// The connection pane, on screen in every step: the latest TLS verdict, the MQTT session as the
/// device, and the SAS token's time left. Folded from results as they arrive; rendering reads it.
public struct ConnectionPane: Equatable, Sendable {
    public enum MQTTPhase: Equatable, Sendable {
        case idle
        case connecting(attempt: Int)
        case connected
        case refused(code: Int, headline: String)
        case failed(String)
        case disconnected(String)
        case waitingToReconnect(seconds: Double)
        case stopped
    }

    public var tls: TLSProbeReport?
    public var mqtt: MQTTPhase = .idle
    /// The last CONNACK code, 0 when accepted.
    public var lastConnack: Int?
    public var lastPubackMilliseconds: Double?
    /// When the wizard's SAS token expires (nil until one is generated).
    public var tokenExpiry: Date?
    /// The device's traffic through edgeHub between the last two scrapes of its metrics (nil until two were read).
    public var flow: EdgeHubFlow?
    /// The device's messages as IoT Hub's built-in endpoint shows them (nil: no hub-owner connection string).
    public var hubArrival: HubArrival?

    public init() {}

    /// Folds one MQTT session event into the pane.
    public mutating func apply(_ event: MQTTSessionEvent) {
        switch event {
        case .connecting(let attempt, _, _):
            mqtt = .connecting(attempt: attempt)
        case .connected:
            mqtt = .connected
            lastConnack = 0
        case .refused(let diagnosis):
            lastConnack = diagnosis.code
            mqtt = .refused(code: diagnosis.code, headline: diagnosis.likelyCauses.first?.text ?? diagnosis.meaning)
        case .tlsFailed(let detail):
            mqtt = .failed("TLS: \(detail)")
        case .connectFailed(let detail):
            mqtt = .failed(detail)
        case .connectTimedOut(let seconds):
            mqtt = .failed("no CONNACK within \(Int(seconds)) s")
        case .disconnected(let detail):
            mqtt = .disconnected(detail)
        case .reconnectScheduled(_, let seconds):
            mqtt = .waitingToReconnect(seconds: seconds)
        case .published(_, _, let milliseconds):
            lastPubackMilliseconds = milliseconds
        case .publishTimedOut, .publishFailed, .subscribed, .message:
            break
        case .stopped:
            if mqtt == .connected { mqtt = .stopped }
        }
    }
}
