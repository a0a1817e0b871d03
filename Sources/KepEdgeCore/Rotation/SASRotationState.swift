import Foundation

/// What kepedge remembers between rotations (Kepware cannot give the password back):
/// only the agent's name and its current token's expiry. No token, no key.
public struct SASRotationState: Codable, Equatable, Sendable {
    public var agentName: String
    public var expiryEpoch: Int

    public init(agentName: String, expiryEpoch: Int) {
        self.agentName = agentName
        self.expiryEpoch = expiryEpoch
    }
}

/// Whether `kepedge agent rotate --if-expiring-within W` should rotate now.
public enum SASRotationDecision: Equatable, Sendable {
    /// Not expiring within the window: do nothing, exit 0.
    case notYet(timeLeft: TimeInterval)
    /// Expiring within the window (or already expired): rotate.
    case rotate(timeLeft: TimeInterval)

    public static func decide(currentExpiryEpoch: Int, now: Date, window: TimeInterval) -> SASRotationDecision {
        let left = TimeInterval(currentExpiryEpoch) - now.timeIntervalSince1970
        return left > window ? .notYet(timeLeft: left) : .rotate(timeLeft: left)
    }
}
