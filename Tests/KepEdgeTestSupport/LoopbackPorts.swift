import Foundation
import KepEdgeProbes

/// Tests use the probe layer's `LoopbackPort` (free ports, whether one accepts); this adds the wait a
/// fixture needs while its server starts.
extension LoopbackPort {
    /// Polls until `port` accepts connections, or throws after `timeout` seconds.
    public static func waitUntilAccepting(_ port: Int, timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if isAccepting(port) { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw FixtureError("nothing listened on 127.0.0.1:\(port) within \(timeout) s")
    }
}
