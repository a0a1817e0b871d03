import Foundation
import KepEdgeCore

extension MQTTSession {
    /// Starts the session and shows its events as monitor events; `react` sees each session event first
    /// (on the session thread, in order). Cancelling the returned stream stops the session.
    ///
    /// Each event becomes its monitor event on the session thread, straight into the returned stream: a flood
    /// of messages then costs one hand-off between threads per event, not two.
    func startMonitorStream(deviceID: String?, react: @escaping @Sendable (MQTTSessionEvent) -> Void = { _ in }) -> AsyncStream<MonitorEvent> {
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        // Events a slow reader missed (here or in the session's own buffer) are counted and said, never silently lost.
        // The buffer keeps the newest: a yield into a full buffer drops the oldest event held.
        let ledger = DropLedger()
        let notify: @Sendable () -> Void = { [self] in
            if let count = ledger.takeUnreported(sessionDropped: droppedEvents) {
                ledger.record(continuation.yield(Self.droppedEvent(count, deviceID: deviceID)))
            }
        }
        core.sink = { event in
            react(event)
            ledger.record(continuation.yield(event.monitorEvent(at: Date(), source: .probe, deviceID: deviceID)))
            // `.stopped` is the session's last event.
            if case .stopped = event {
                notify()
                continuation.finish()
            }
        }
        // One notice per period at most: a notice per dropped event would fill the buffer with notices.
        let notices = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.noticePeriod)
                notify()
            }
        }
        continuation.onTermination = { [self] _ in
            stop()
            notices.cancel()
        }
        start()
        return stream
    }

    /// How often dropped events are told (when there are any).
    static let noticePeriod = Duration.milliseconds(200)

    /// The warning shown in place of events that were dropped because they arrived faster than they were read.
    static func droppedEvent(_ count: Int, deviceID: String?) -> MonitorEvent {
        MonitorEvent(time: Date(), source: .probe, level: .warning,
                     text: "\(count) event\(count == 1 ? "" : "s")\(droppedNoticeEnding)", deviceID: deviceID)
    }

    private static let droppedNoticeEnding = " not shown: they arrived faster than kepedge could show them"

    /// The count a `droppedEvent` notice carries; nil for any other event.
    static func droppedCount(in event: MonitorEvent) -> Int? {
        guard event.source == .probe, event.level == .warning, event.text.hasSuffix(droppedNoticeEnding) else { return nil }
        return Int(event.text.prefix { $0.isASCII && $0.isNumber })
    }
}

/// Events dropped on the way to the reader, and how many of them notices have told.
private final class DropLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var droppedHere = 0
    private var reported = 0

    /// After a yield: a notice pushed out of the buffer was never shown, so the events it counted are due
    /// again; any other event pushed out is one more dropped.
    func record(_ result: AsyncStream<MonitorEvent>.Continuation.YieldResult) {
        guard case .dropped(let oldest) = result else { return }
        let noticeCount = MQTTSession.droppedCount(in: oldest)
        lock.withLock {
            if let noticeCount { reported -= noticeCount } else { droppedHere += 1 }
        }
    }

    /// The count a new notice should carry (then counted as told); nil when nothing new was dropped.
    func takeUnreported(sessionDropped: Int) -> Int? {
        lock.withLock {
            let dropped = sessionDropped + droppedHere
            guard dropped > reported else { return nil }
            defer { reported = dropped }
            return dropped - reported
        }
    }
}
