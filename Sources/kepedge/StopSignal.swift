import Dispatch
import Foundation

/// Stop signals turned into an event the command handles, so it shuts down cleanly (sources stopped,
/// brokers stopped, folders removed) instead of dying: awaited (`wait`) or handled (`onSignal`).
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var received: String?
    private var waiter: CheckedContinuation<String, Never>?
    private var handlers: [@Sendable () -> Void] = []
    private var sources: [DispatchSourceSignal] = []

    /// Installs the handlers now (before anything starts, so an early Ctrl-C still cleans up).
    static func install(_ signals: [Int32] = [SIGINT, SIGTERM]) -> StopSignal {
        let stop = StopSignal()
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let name = Self.name(of: number)
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

    /// Calls `handler` on the first signal (at once when one already came).
    func onSignal(_ handler: @escaping @Sendable () -> Void) {
        let already = lock.withLock { () -> Bool in
            if received != nil { return true }
            handlers.append(handler)
            return false
        }
        if already { handler() }
    }

    /// Stops listening (the signals stay ignored).
    func cancel() {
        lock.withLock { sources }.forEach { $0.cancel() }
    }

    private func deliver(_ name: String) {
        let (continuation, toCall) = lock.withLock { () -> (CheckedContinuation<String, Never>?, [@Sendable () -> Void]) in
            guard received == nil else { return (nil, []) }
            received = name
            defer {
                waiter = nil
                handlers = []
            }
            return (waiter, handlers)
        }
        continuation?.resume(returning: name)
        toCall.forEach { $0() }
    }

    private static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        case SIGQUIT: "SIGQUIT"
        default: "signal \(number)"
        }
    }
}
