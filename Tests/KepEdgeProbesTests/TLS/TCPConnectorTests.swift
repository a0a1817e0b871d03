import Foundation
import KepEdgeProbes
@testable import KepEdgeProbes
import KepEdgeTestSupport
import Testing

@Suite("TCP connector")
struct TCPConnectorTests {
    @Test("an address that does not accept is skipped for the next one (IPv6 then IPv4)")
    func triesEveryAddress() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let outcome = TCPConnector.connect(
            addresses: ["::1", "127.0.0.1"], port: listener.port,
            deadline: ProbeDeadline(seconds: 2), cancellation: CancellationFlag())
        guard case .connected(let fd, let address) = outcome else {
            Issue.record("expected a connection, got \(outcome)")
            return
        }
        close(fd)
        #expect(address == "127.0.0.1")
    }

    @Test("every address refusing is 'refused'; a cancelled wait is 'cancelled'")
    func refusedAndCancelled() throws {
        let port = try LoopbackPort.free()
        let refused = TCPConnector.connect(addresses: ["127.0.0.1"], port: port, deadline: ProbeDeadline(seconds: 2), cancellation: CancellationFlag())
        guard case .refused = refused else {
            Issue.record("expected refused, got \(refused)")
            return
        }
        let cancelled = CancellationFlag()
        cancelled.cancel()
        let listener = try LoopbackListener()
        defer { listener.close() }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        #expect({
            if case .cancelled = ProbeDeadline(seconds: 5).wait(fd, events: Int16(POLLIN), cancellation: cancelled) { return true }
            return false
        }())
    }
}
