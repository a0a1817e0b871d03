import Foundation
import KepEdgeCore

/// The device probe as a monitor source: connects as the device, publishes one test message, then stays
/// connected and reports disconnects and reconnects (each reconnect publishes a test message again).
public enum ProbeFollower {
    public static func events(_ request: MQTTConnectRequest, deviceID: String?, reconnect: ReconnectBackoff = ReconnectBackoff()) -> AsyncStream<MonitorEvent> {
        let session = MQTTSession(request: request, reconnect: reconnect)
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let task = Task {
            var sequence = 0
            for await event in session.events {
                if case .connected = event {
                    sequence += 1
                    session.publish(KepwareProbeMessage.payload(sequence: sequence, at: Date()))
                }
                continuation.yield(event.monitorEvent(at: Date(), source: .probe, deviceID: deviceID))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            session.stop()
            task.cancel()
        }
        session.start()
        return stream
    }
}
