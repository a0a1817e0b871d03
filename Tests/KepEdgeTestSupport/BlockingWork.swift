import Foundation

/// Runs slow synchronous work (RSA key generation, a blocking call) on its own thread, so it does
/// not hold one of the few cooperative-pool threads other tests need to make progress.
public enum BlockingWork {
    public static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
