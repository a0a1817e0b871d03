import Foundation
import KepEdgeCore

extension MQTTSession {
    /// Starts the session and shows its events as monitor events; `react` sees each session event first
    /// (on one task, in order). Cancelling the returned stream stops the session.
    func startMonitorStream(deviceID: String?, react: @escaping @Sendable (MQTTSessionEvent) -> Void = { _ in }) -> AsyncStream<MonitorEvent> {
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let task = Task {
            for await event in events {
                react(event)
                continuation.yield(event.monitorEvent(at: Date(), source: .probe, deviceID: deviceID))
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
}
