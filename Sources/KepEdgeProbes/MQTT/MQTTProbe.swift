import Foundation
import KepEdgeCore

/// One connection as the Kepware device: CONNECT, CONNACK, one test message at QoS 1, PUBACK, DISCONNECT.
public enum MQTTProbe {
    /// Runs the probe; returns within connect + publish + disconnect timeouts (plus a little), never throws.
    public static func run(_ request: MQTTConnectRequest, publishTestMessage: Bool = true) async -> MQTTProbeReport {
        let session = MQTTSession(request: request, reconnect: nil)
        session.start()
        var report = MQTTProbeReport()
        for await event in session.events {
            report.events.append(event)
            switch event {
            case .connected(let milliseconds):
                report.outcome = .accepted
                report.connectMilliseconds = milliseconds
                report.connack = ConnackDiagnosis.diagnose(code: 0, context: request.diagnosisContext, now: Date())
                if publishTestMessage {
                    session.publish(KepwareProbeMessage.payload(sequence: 1, at: Date()))
                } else {
                    session.stop(reason: "disconnected after the CONNACK")
                }
            case .refused(let diagnosis):
                report.outcome = .refused
                report.connack = diagnosis
            case .tlsFailed(let detail):
                report.outcome = .tlsFailed
                report.failureDetail = detail
            case .connectFailed(let detail):
                report.outcome = .connectFailed
                report.failureDetail = detail
            case .connectTimedOut(let seconds):
                report.outcome = .timedOut
                report.failureDetail = "no CONNACK within \(seconds) s"
            case .published(_, let topic, let milliseconds):
                report.publish = .acknowledged(topic: topic, milliseconds: milliseconds)
                session.stop(reason: "disconnected after the test message")
            case .publishTimedOut(_, let seconds):
                report.publish = .timedOut(seconds: seconds)
                session.stop(reason: "disconnected: no PUBACK for the test message")
            case .publishFailed(let detail):
                report.publish = .failed(detail: detail)
                session.stop(reason: "disconnected: the test message was not sent")
            case .disconnected(let detail):
                if report.publish == nil, publishTestMessage { report.publish = .failed(detail: "disconnected before the PUBACK: \(detail)") }
            case .connecting, .reconnectScheduled, .subscribed, .message, .stopped:
                break
            }
        }
        return report
    }
}
