import Foundation

/// The wait before reconnect attempt n: 1, 2, 4, 8, 16, 30, 30 … seconds, each jittered so many clients
/// restarting together do not reconnect in step.
public struct ReconnectBackoff: Equatable, Sendable {
    public var initialSeconds: Double
    public var maximumSeconds: Double
    /// The fraction of the delay that is random: 0.2 means the wait is between 80 % and 100 % of the step.
    public var jitterFraction: Double

    public init(initialSeconds: Double = 1, maximumSeconds: Double = 30, jitterFraction: Double = 0.2) {
        self.initialSeconds = initialSeconds
        self.maximumSeconds = maximumSeconds
        self.jitterFraction = min(max(jitterFraction, 0), 1)
    }

    /// The un-jittered step for `attempt` (0 for the first retry): initial × 2^attempt, at most the maximum.
    public func step(attempt: Int) -> Double {
        let exponent = min(max(attempt, 0), 62)
        return min(initialSeconds * pow(2, Double(exponent)), maximumSeconds)
    }

    /// The wait for `attempt`, with `random` in 0..<1 (pass a generator's value; tests pass fixed ones).
    public func delay(attempt: Int, random: Double) -> Double {
        let unit = min(max(random, 0), 1)
        return step(attempt: attempt) * (1 - jitterFraction * unit)
    }
}
