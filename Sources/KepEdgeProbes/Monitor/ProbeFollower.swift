import Foundation
import KepEdgeCore

/// The device probe as a monitor source: connects as the device, publishes one test message, then stays
/// connected and reports disconnects and reconnects (each reconnect publishes a test message again).
public enum ProbeFollower {
    public static func events(_ request: MQTTConnectRequest, deviceID: String?, reconnect: ReconnectBackoff = ReconnectBackoff()) -> AsyncStream<MonitorEvent> {
        let session = MQTTSession(request: request, reconnect: reconnect)
        let sequence = Counter()
        return session.startMonitorStream(deviceID: deviceID) { [weak session] event in
            if case .connected = event {
                session?.publish(KepwareProbeMessage.payload(sequence: sequence.next(), at: Date()))
            }
        }
    }
}

/// A thread-safe counting sequence: 1, 2, 3 …
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
