import Foundation
import KepEdgeCore

/// IoT Hub's built-in endpoint as a stream, the way `az iot hub monitor-events` reads it: redirect, CBS,
/// partitions, receivers (see `HubEventsRedirect`, `HubEventsPartitionReader`). Runs on its own thread (a
/// Proton proactor blocks while it waits); reconnects with backoff after a failure worth retrying, resuming
/// each partition after the last event seen; ends after one that is not, or when the stream is dropped.
public enum HubEventsReader {
    public static func updates(_ request: HubEventsRequest, backoff: ReconnectBackoff = ReconnectBackoff(initialSeconds: 1, maximumSeconds: 30))
        -> AsyncStream<HubEventsUpdate> {
        let (stream, continuation) = AsyncStream<HubEventsUpdate>.makeStream(bufferingPolicy: .bufferingNewest(8192))
        let control = HubEventsReaderControl()
        let thread = Thread {
            var resumeAfter: [String: Int64] = [:]
            var attempt = 0
            while !control.isStopped {
                guard let loop = control.newLoop() else { break }
                let redirect = HubEventsRedirect.discover(request, loop: loop)
                var failure: HubEventsFailure?
                switch redirect {
                case .failure(let error):
                    failure = error
                case .success(let target):
                    continuation.yield(.redirected(target))
                    guard let next = control.newLoop() else { break }
                    let reader = HubEventsPartitionReader(request: request, target: target, resumeAfter: resumeAfter) { update in
                        if case .listening = update { attempt = 0 }
                        continuation.yield(update)
                    }
                    failure = reader.run(loop: next)
                    resumeAfter = reader.resumeAfter
                }
                guard let failure, !control.isStopped else { break }
                guard failure.isWorthRetrying else {
                    continuation.yield(.failed(failure, retryInSeconds: nil))
                    break
                }
                let wait = backoff.delay(attempt: attempt, random: Double.random(in: 0...1))
                attempt += 1
                continuation.yield(.failed(failure, retryInSeconds: wait))
                control.sleep(seconds: wait)
            }
            control.finish()
            continuation.finish()
        }
        thread.name = "kepedge-hub-events"
        continuation.onTermination = { _ in control.stop() }
        thread.start()
        return stream
    }
}

/// Lets the stream's consumer stop the reader thread: the current proactor is interrupted, the backoff wait cut.
final class HubEventsReaderControl: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var loop: ProtonLoop?

    var isStopped: Bool { condition.withLock { stopped } }

    /// A fresh proactor for the next connection, nil once stopped.
    func newLoop() -> ProtonLoop? {
        condition.withLock {
            if stopped { return nil }
            let loop = ProtonLoop()
            self.loop = loop
            return loop
        }
    }

    func stop() {
        condition.withLock {
            stopped = true
            loop?.interrupt()
            condition.broadcast()
        }
    }

    func sleep(seconds: Double) {
        condition.withLock {
            let until = Date().addingTimeInterval(seconds)
            while !stopped, condition.wait(until: until) {}
        }
    }

    func finish() { condition.withLock { loop = nil } }
}

extension HubEventsReader {
    /// The updates as monitor events (`kepedge monitor --hub-events`, step 6's pane).
    public static func events(_ request: HubEventsRequest) -> AsyncStream<MonitorEvent> {
        let updates = updates(request)
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(8192))
        let task = Task {
            for await update in updates {
                if let event = update.monitorEvent(device: request.device, now: Date()) { continuation.yield(event) }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
