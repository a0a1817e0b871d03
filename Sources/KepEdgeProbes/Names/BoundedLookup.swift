import Foundation

/// A name lookup a blocking caller (the MQTT session's thread) can wait for with a deadline.
///
/// libmosquitto resolves the broker's name inside `mosquitto_connect_async`, synchronously and without a
/// bound (a dead DNS server holds it for the resolver's timeouts times its attempts). The session looks
/// the name up here first, within its connect timeout: a name that does not resolve, or not in time,
/// becomes a verdict instead of a hang, and the lookup inside libmosquitto then meets a warm answer.
enum BoundedLookup {
    enum Outcome: Equatable, Sendable {
        case resolved([String])
        case failed(String)
        case timedOut
        /// `shouldStop` said so before the lookup finished.
        case stopped
    }

    /// Blocks at most `timeout` (checking `shouldStop` every 50 ms). getaddrinfo cannot be cancelled: on a
    /// timeout its thread is left to finish on its own, and its answer is dropped.
    static func lookUp(
        _ host: String, timeout: Duration, shouldStop: () -> Bool = { false },
        using lookUp: @escaping @Sendable (String) -> (addresses: [String], error: String?) = Resolver.lookUp
    ) -> Outcome {
        // Numeric addresses need no lookup (and must not wait behind a slow resolver).
        if isNumericAddress(host) { return .resolved([host]) }
        let answer = LookupAnswer()
        let thread = Thread { answer.set(lookUp(host)) }
        thread.name = "kepedge-lookup"
        thread.start()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let (addresses, error) = answer.wait(milliseconds: 50) {
                return error.map { .failed($0) } ?? .resolved(addresses)
            }
            if shouldStop() { return .stopped }
            if ContinuousClock.now >= deadline { return .timedOut }
        }
    }

    static func isNumericAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// The lookup thread's answer, handed over once.
private final class LookupAnswer: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: (addresses: [String], error: String?)?

    func set(_ value: (addresses: [String], error: String?)) {
        condition.lock()
        self.value = value
        condition.broadcast()
        condition.unlock()
    }

    func wait(milliseconds: Int) -> (addresses: [String], error: String?)? {
        condition.lock()
        defer { condition.unlock() }
        if value == nil { _ = condition.wait(until: Date().addingTimeInterval(Double(milliseconds) / 1000)) }
        return value
    }
}
