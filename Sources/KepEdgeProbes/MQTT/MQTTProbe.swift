import Foundation
import KepEdgeCore

/// One connection as the Kepware device: CONNECT, CONNACK, one test message at QoS 1, PUBACK, DISCONNECT.
public enum MQTTProbe {
    /// Runs the probe; never throws, and returns within `overallLimit(for:)` whatever the network or
    /// libmosquitto does (a stuck lookup or handshake becomes a "timed out" report).
    public static func run(_ request: MQTTConnectRequest, publishTestMessage: Bool = true) async -> MQTTProbeReport {
        await run(request, publishTestMessage: publishTestMessage, session: MQTTSession(request: request, reconnect: nil))
    }

    /// Connect, publish and disconnect timeouts, plus 2 s for the thread hand-offs between them.
    public static func overallLimit(for request: MQTTConnectRequest) -> Duration {
        let seconds = request.connectTimeoutSeconds + request.publishTimeoutSeconds + request.disconnectTimeoutSeconds + 2
        return .milliseconds(Int(min(seconds, 86_400) * 1000))
    }

    static func run(_ request: MQTTConnectRequest, publishTestMessage: Bool, session: MQTTSession,
                    limit: Duration? = nil) async -> MQTTProbeReport {
        let limit = limit ?? overallLimit(for: request)
        let progress = ProbeProgress()
        session.start()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in session.events {
                    progress.update { record(event, into: &$0, request: request, publishTestMessage: publishTestMessage, session: session) }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        var report = progress.report
        if !finished {
            let seconds = Double(limit.components.seconds)
            session.stop(reason: "the probe did not finish within \(MQTTSessionCore.format(seconds)) s")
            if report.outcome == .incomplete {
                report.outcome = .timedOut
                report.failureDetail = "no verdict within \(MQTTSessionCore.format(seconds)) s (the connection or name lookup hung)"
            } else if publishTestMessage, report.publish == nil {
                report.publish = .timedOut(seconds: request.publishTimeoutSeconds)
            }
        }
        return report
    }

    private static func record(_ event: MQTTSessionEvent, into report: inout MQTTProbeReport, request: MQTTConnectRequest,
                               publishTestMessage: Bool, session: MQTTSession) {
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
}

/// The report as events arrive, readable when the overall limit cuts the probe short.
private final class ProbeProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var current = MQTTProbeReport()

    var report: MQTTProbeReport { lock.withLock { current } }

    func update(_ change: (inout MQTTProbeReport) -> Void) {
        lock.withLock { change(&current) }
    }
}
