import Dispatch
import Foundation

/// SIGINT and SIGTERM turned into an awaitable event, so the lab shuts down cleanly instead of dying.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var received: String?
    private var waiter: CheckedContinuation<String, Never>?
    private var sources: [DispatchSourceSignal] = []

    /// Installs the handlers now (before the lab starts, so an early Ctrl-C still cleans up).
    static func install() -> StopSignal {
        let stop = StopSignal()
        // SIGHUP too: a dropped SSH session must not leave the broker and the folder behind.
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.deliver(name) }
            source.resume()
            stop.sources.append(source)
        }
        return stop
    }

    /// The name of the first signal received (returns at once when one already came).
    func wait() async -> String {
        await withCheckedContinuation { continuation in
            let already = lock.withLock { () -> String? in
                if let received { return received }
                waiter = continuation
                return nil
            }
            if let already { continuation.resume(returning: already) }
        }
    }

    private func deliver(_ name: String) {
        let continuation = lock.withLock { () -> CheckedContinuation<String, Never>? in
            guard received == nil else { return nil }
            received = name
            defer { waiter = nil }
            return waiter
        }
        continuation?.resume(returning: name)
    }
}
