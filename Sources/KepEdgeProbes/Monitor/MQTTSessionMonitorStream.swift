import Foundation
import KepEdgeCore

extension MQTTSession {
    /// Starts the session and shows its events as monitor events; `react` sees each session event first
    /// (on one task, in order). Cancelling the returned stream stops the session.
    func startMonitorStream(deviceID: String?, react: @escaping @Sendable (MQTTSessionEvent) -> Void = { _ in }) -> AsyncStream<MonitorEvent> {
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let task = Task {
            // Events a slow reader missed (here or in the session's own buffer) are counted and said, never silently lost.
            // The buffer keeps the newest: a yield into a full buffer drops the oldest event held.
            var droppedHere = 0
            var reported = 0
            func send(_ event: MonitorEvent) {
                if case .dropped = continuation.yield(event) { droppedHere += 1 }
            }
            for await event in events {
                react(event)
                let dropped = droppedEvents + droppedHere
                if dropped > reported {
                    send(Self.droppedEvent(dropped - reported, deviceID: deviceID))
                    reported = dropped
                }
                send(event.monitorEvent(at: Date(), source: .probe, deviceID: deviceID))
            }
            continuation.finish()
        }
        continuation.onTermination = { [self] _ in
            stop()
            task.cancel()
        }
        start()
        return stream
    }

    /// The warning shown in place of events that were dropped because they arrived faster than they were read.
    static func droppedEvent(_ count: Int, deviceID: String?) -> MonitorEvent {
        MonitorEvent(time: Date(), source: .probe, level: .warning,
                     text: "\(count) event\(count == 1 ? "" : "s") not shown: they arrived faster than kepedge could show them",
                     deviceID: deviceID)
    }
}
