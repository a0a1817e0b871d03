import Foundation
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The broker fixture every MQTT and TLS test stands on: it must really start, stop and restart.
@Suite("mosquitto fixture", .serialized)
struct MosquittoBrokerFixtureTests {
    @Test("a plain broker accepts connections, stops, and restarts on the same port")
    func startStopRestart() async throws {
        let broker = try MosquittoBroker()
        defer { broker.shutDown() }
        try await broker.start()
        #expect(LoopbackPort.isAccepting(broker.port))
        broker.stop()
        #expect(!LoopbackPort.isAccepting(broker.port))
        try await broker.start()
        #expect(LoopbackPort.isAccepting(broker.port))
        #expect(broker.log.contains("Opening ipv4 listen socket on port \(broker.port)"))
    }
}
