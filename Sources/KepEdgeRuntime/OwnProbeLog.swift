import Foundation
import KepEdgeCore

/// The runtime's record of its own connections to the gateway, shared by the tasks that make them and the
/// ones that forward the broker's lines (see `OwnProbeWindows`).
final class OwnProbeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var windows = OwnProbeWindows()

    /// Runs `connect` as one of kepedge's own connections: its window is open while it runs.
    func during<T>(_ connect: () async -> T) async -> T {
        let id = lock.withLock { windows.begin(at: Date()) }
        let result = await connect()
        lock.withLock { windows.end(id, at: Date()) }
        return result
    }

    func label(_ event: MonitorEvent) -> MonitorEvent {
        lock.withLock { windows.label(event) }
    }
}
