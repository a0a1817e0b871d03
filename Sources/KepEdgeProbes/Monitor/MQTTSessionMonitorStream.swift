import Foundation
import KepEdgeCore

extension MQTTSession {
    /// Starts the session and shows its events as monitor events; `react` sees each session event first
    /// (on one task, in order). Cancelling the returned stream stops the session.
    ///
    /// Events a slow reader missed (here or in the session's own buffer) are counted and said, never
    /// silently lost: before the next event, and within a second when no next event comes.
    func startMonitorStream(deviceID: String?, react: @escaping @Sendable (MQTTSessionEvent) -> Void = { _ in }) -> AsyncStream<MonitorEvent> {
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        let ledger = DropLedger()
        // The buffer keeps the newest: a yield into a full buffer drops the oldest event held, and when
        // that was a drop warning, the events it counted are unsaid again.
        let send: @Sendable (MonitorEvent) -> Void = { event in
            if case .dropped(let lost) = continuation.yield(event) { ledger.add(Self.droppedCount(in: lost) ?? 1) }
        }
        let sayDrops: @Sendable () -> Void = { [weak self] in
            let missed = ledger.take(sessionDropped: self?.droppedEvents ?? 0)
            if missed > 0 { send(Self.droppedEvent(missed, deviceID: deviceID)) }
        }
        let task = Task {
            for await event in events {
                react(event)
                sayDrops()
                send(event.monitorEvent(at: Date(), source: .probe, deviceID: deviceID))
            }
            sayDrops()
            continuation.finish()
        }
        // A flood that stops leaves its last drops unsaid until the next event: say them within a second.
        let flusher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                sayDrops()
            }
        }
        continuation.onTermination = { [self] _ in
            stop()
            task.cancel()
            flusher.cancel()
        }
        start()
        return stream
    }

    static let droppedSuffix = " not shown: they arrived faster than kepedge could show them"

    /// The warning shown in place of events that were dropped because they arrived faster than they were read.
    static func droppedEvent(_ count: Int, deviceID: String?) -> MonitorEvent {
        MonitorEvent(time: Date(), source: .probe, level: .warning,
                     text: "\(count) event\(count == 1 ? "" : "s")" + droppedSuffix, deviceID: deviceID)
    }

    /// How many events a drop warning stands for (nil: not a drop warning).
    static func droppedCount(in event: MonitorEvent) -> Int? {
        guard event.source == .probe, event.level == .warning, event.text.hasSuffix(droppedSuffix) else { return nil }
        return event.text.split(separator: " ").first.flatMap { Int($0) }
    }
}

/// What a monitor stream has dropped and not yet said, from its own buffer and the session's.
private final class DropLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var unsaid = 0
    private var sessionDropsCounted = 0

    func add(_ count: Int) {
        lock.withLock { unsaid += count }
    }

    /// Everything dropped and not yet said (the session's running total folded in); resets to zero.
    func take(sessionDropped: Int) -> Int {
        lock.withLock {
            unsaid += max(0, sessionDropped - sessionDropsCounted)
            sessionDropsCounted = max(sessionDropsCounted, sessionDropped)
            defer { unsaid = 0 }
            return unsaid
        }
    }
}
