import Foundation

/// Set once, from any thread, when the task that started some blocking work is cancelled; the
/// worker thread polls it between bounded waits.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }
}
