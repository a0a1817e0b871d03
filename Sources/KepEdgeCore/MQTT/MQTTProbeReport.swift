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

extension MQTTProbeReport {
    /// The validation step's verdicts: the connection as the device (`mqtt-connect`) and the test message
    /// (`mqtt-publish`, skipped when there was no connection).
    public var checkResults: [CheckResult] {
        [connectCheck, publishCheck]
    }

    private var connectCheck: CheckResult {
        let title = "Kepware's credentials connect to edgeHub (MQTT CONNECT as the device)"
        switch outcome {
        case .accepted:
            let time = connectMilliseconds.map { String(format: " in %.0f ms", $0) } ?? ""
            return CheckResult(id: "mqtt-connect", title: title, status: .ok, details: ["CONNACK 0 (accepted)\(time)"])
        case .refused:
            guard let connack else { return CheckResult(id: "mqtt-connect", title: title, status: .error, details: ["refused"]) }
            let likely = connack.likelyCauses
            var details = ["CONNACK \(connack.code) (\(connack.name)): \(connack.meaning)"]
            details += likely.map { "\($0.evidence == .seen ? "seen" : "possible"): \($0.text)" }
            return CheckResult(id: "mqtt-connect", title: title, status: .error, details: details, fix: likely.first?.fix)
        case .tlsFailed:
            return CheckResult(id: "mqtt-connect", title: title, status: .error,
                               details: ["TLS handshake failed before any CONNACK: \(failureDetail ?? "no detail")"],
                               fix: "Fix the certificate step first: the CA file must be the root edgeHub's chain ends in, and the host the name in its certificate")
        case .connectFailed:
            return CheckResult(id: "mqtt-connect", title: title, status: .error, details: ["connection failed: \(failureDetail ?? "no detail")"],
                               fix: "Check the name resolves to the gateway and port 8883 is open (edgeHub running, firewall)")
        case .timedOut:
            return CheckResult(id: "mqtt-connect", title: title, status: .error, details: [failureDetail ?? "no CONNACK in time"],
                               fix: "Something accepted the connection but did not answer: check edgeHub is running ('iotedge list') and nothing else holds port 8883")
        case .incomplete:
            return CheckResult(id: "mqtt-connect", title: title, status: .skipped, details: ["the probe was stopped before a verdict"])
        }
    }

    private var publishCheck: CheckResult {
        let title = "A test message in Kepware's format is acknowledged (QoS 1 PUBACK)"
        switch publish {
        case .acknowledged(let topic, let milliseconds)?:
            return CheckResult(id: "mqtt-publish", title: title, status: .ok, details: [String(format: "PUBACK on %@ after %.0f ms", topic, milliseconds)])
        case .timedOut(let seconds)?:
            return CheckResult(id: "mqtt-publish", title: title, status: .error, details: [String(format: "no PUBACK within %.0f s", seconds)],
                               fix: "edgeHub acknowledges QoS 1 at once; look at 'iotedge logs edgeHub' for errors about this device")
        case .failed(let detail)?:
            return CheckResult(id: "mqtt-publish", title: title, status: .error, details: [detail],
                               fix: "Look at 'iotedge logs edgeHub' around this time; the device may have been dropped (expired token, no parent)")
        case nil:
            return CheckResult(id: "mqtt-publish", title: title, status: .skipped, details: ["not connected"])
        }
    }
}
