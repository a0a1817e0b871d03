import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why waiting on a socket stopped before it was ready.
enum SocketWaitOutcome {
    case ready
    case timedOut
    case cancelled
    case failed(Int32)
}

/// A point in time after which a probe step gives up, and poll() bounded by it.
struct ProbeDeadline {
    let end: ContinuousClock.Instant

    init(seconds: Double) {
        end = .now.advanced(by: .milliseconds(Int((seconds * 1000).rounded())))
    }

    /// Waits until `fd` is readable or writable (`events`), the deadline passes, or `cancellation`
    /// is set. Polls in slices of at most 50 ms so cancellation is noticed quickly.
    func wait(_ fd: Int32, events: Int16, cancellation: CancellationFlag) -> SocketWaitOutcome {
        while true {
            if cancellation.isCancelled { return .cancelled }
            let remaining = end - .now
            if remaining <= .zero { return .timedOut }
            let (seconds, attoseconds) = remaining.components
            let remainingMilliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let result = poll(&descriptor, 1, Int32(min(remainingMilliseconds, 50)))
            if result > 0 { return .ready }
            if result < 0, errno != EINTR { return .failed(errno) }
        }
    }
}
