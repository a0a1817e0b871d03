import Foundation

/// How many of the reader's updates wait in the stream, not yet read, against a capacity. The partition reader
/// gives a partition link AMQP credit only for room the gate has (AMQP 1.0 §2.6.7: a sender sends no more
/// messages than the receiver's link-credit), so a slow reader leaves events waiting in the hub (which keeps
/// them a day), not in memory, and none is dropped. The reader thread counts what it hands down; the stream's
/// consumer counts what it reads; a reader waiting for room is woken from the consumer's side.
final class HubEventsFlowGate: @unchecked Sendable {
    /// At most this many updates held plus credit granted (a few connection updates may go beyond: see `handedDown`).
    let capacity: Int
    private let lock = NSLock()
    private var held = 0
    private var peak = 0
    private var wake: (limit: Int, action: @Sendable () -> Void)?

    init(capacity: Int = 8192) {
        precondition(capacity > 0, "a flow gate needs room for at least one event")
        self.capacity = capacity
    }

    /// Updates handed down and not yet read.
    var heldCount: Int { lock.withLock { held } }

    /// The most ever held at once (what the stream's buffer had to keep).
    var peakHeld: Int { lock.withLock { peak } }

    /// Room for more credit when `credit` is already granted on the links (and not yet used).
    func room(besides credit: Int) -> Int {
        lock.withLock { max(0, capacity - held - credit) }
    }

    /// The reader thread put one update in the stream. A message used a credit the gate had room for; a
    /// connection update (redirect, listening, failure) comes without credit, at most a few per connection.
    func handedDown() {
        lock.withLock {
            held += 1
            peak = max(peak, held)
        }
    }

    /// The consumer read one update; runs the pending wake once at most `limit` are held.
    func consumed() {
        lock.withLock {
            held -= 1
            runWakeIfDue()
        }
    }

    /// Runs `action` once when at most `limit` updates are held: on the consumer's thread, or at once if so
    /// already. Replaces a wake not yet run. `action` runs under the gate's lock, so that once `cancelWake`
    /// returns it can no longer run (the connection it wakes may be freed then); it must be quick and must not
    /// call back into the gate.
    func wake(whenHeldAtMost limit: Int, _ action: @escaping @Sendable () -> Void) {
        lock.withLock {
            wake = (limit, action)
            runWakeIfDue()
        }
    }

    /// Forgets a wake not yet run (the connection is ending).
    func cancelWake() {
        lock.withLock { wake = nil }
    }

    private func runWakeIfDue() {
        guard let pending = wake, held <= pending.limit else { return }
        wake = nil
        pending.action()
    }
}
