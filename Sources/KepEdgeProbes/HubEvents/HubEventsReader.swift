import Foundation
import KepEdgeCore

/// IoT Hub's built-in endpoint as a stream, the way `az iot hub monitor-events` reads it: redirect, CBS,
/// partitions, receivers (see `HubEventsRedirect`, `HubEventsPartitionReader`). Runs on its own thread (a
/// Proton proactor blocks while it waits); reconnects with backoff after a failure worth retrying, resuming
/// each partition after the last event seen; ends after one that is not, or when the stream is dropped.
public enum HubEventsReader {
    public static func updates(_ request: HubEventsRequest, backoff: ReconnectBackoff = ReconnectBackoff(initialSeconds: 1, maximumSeconds: 30))
        -> AsyncStream<HubEventsUpdate> {
        stream(request, backoff: backoff, gate: HubEventsFlowGate()) { $0 }
    }

    /// The updates as monitor events (`kepedge monitor --hub-events`, step 6's pane), made on the reader thread.
    public static func events(_ request: HubEventsRequest) -> AsyncStream<MonitorEvent> {
        stream(request, backoff: ReconnectBackoff(initialSeconds: 1, maximumSeconds: 30), gate: HubEventsFlowGate()) {
            $0.monitorEvent(device: request.device, now: Date())
        }
    }

    /// The reader's updates, each made an element on the reader thread (nil: not shown) and handed down once.
    /// Nothing is dropped: the gate holds back AMQP credit while the consumer has `gate.capacity` unread, so the
    /// buffer stays within that (and a few connection updates); the hub keeps what is not read yet.
    static func stream<Element: Sendable>(_ request: HubEventsRequest, backoff: ReconnectBackoff, gate: HubEventsFlowGate,
                                          element: @escaping @Sendable (HubEventsUpdate) -> Element?) -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream<Element>.makeStream(bufferingPolicy: .unbounded)
        let handDown: @Sendable (HubEventsUpdate) -> Void = { update in
            guard let value = element(update) else { return }
            gate.handedDown()
            continuation.yield(value)
        }
        let control = HubEventsReaderControl()
        let thread = Thread {
            var resumeAfter = request.startPositions
            var attempt = 0
            while !control.isStopped {
                // A consumer that has not read the last connection's updates gets no new connection yet.
                control.wait { gate.heldCount <= gate.capacity / 2 }
                guard let loop = control.newLoop() else { break }
                let redirect = HubEventsRedirect.discover(request, loop: loop)
                var failure: HubEventsFailure?
                switch redirect {
                case .failure(let error):
                    failure = error
                case .success(let target):
                    handDown(.redirected(target))
                    guard let next = control.newLoop() else { break }
                    let reader = HubEventsPartitionReader(request: request, target: target, resumeAfter: resumeAfter, gate: gate) { update in
                        if case .listening = update { attempt = 0 }
                        handDown(update)
                    }
                    failure = reader.run(loop: next)
                    resumeAfter = reader.resumeAfter
                }
                guard let failure, !control.isStopped else { break }
                guard failure.isWorthRetrying else {
                    handDown(.failed(failure, retryInSeconds: nil))
                    break
                }
                let wait = backoff.delay(attempt: attempt, random: Double.random(in: 0...1))
                attempt += 1
                handDown(.failed(failure, retryInSeconds: wait))
                control.sleep(seconds: wait)
            }
            control.finish()
            continuation.finish()
        }
        thread.name = "kepedge-hub-events"
        continuation.onTermination = { _ in control.stop() }
        thread.start()
        return counted(stream, by: gate)
    }

    /// `stream` as its consumer reads it, telling the gate of each element read (which may wake the reader).
    /// Cancelling the reading task or dropping the stream ends `stream`, which stops the reader.
    private static func counted<Element: Sendable>(_ stream: AsyncStream<Element>, by gate: HubEventsFlowGate) -> AsyncStream<Element> {
        let source = HubEventsStreamSource(stream)
        return AsyncStream(unfolding: {
            guard let value = await source.next() else { return nil }
            gate.consumed()
            return value
        })
    }
}

/// The reader stream's iterator, for the one consumer of the counted stream.
private final class HubEventsStreamSource<Element: Sendable>: @unchecked Sendable {
    private var iterator: AsyncStream<Element>.Iterator

    init(_ stream: AsyncStream<Element>) { iterator = stream.makeAsyncIterator() }

    func next() async -> Element? { await iterator.next() }
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

    /// Returns once `ready` holds or the reader is stopped, looking every 50 ms (nothing signals this condition
    /// when `ready` changes).
    func wait(until ready: () -> Bool) {
        condition.withLock {
            while !stopped, !ready() { _ = condition.wait(until: Date().addingTimeInterval(0.05)) }
        }
    }

    func finish() { condition.withLock { loop = nil } }
}
