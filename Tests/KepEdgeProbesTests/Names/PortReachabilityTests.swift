import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PortReachabilityTests {
    @Test func listeningPortAccepts() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let report = PortReachability.check(host: "localhost", address: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        #expect(report.accepted)
        #expect(report.error == nil)
    }

    @Test func closedPortIsRefused() throws {
        let listener = try LoopbackListener()
        let port = listener.port
        listener.close()
        let report = PortReachability.check(host: "localhost", address: "127.0.0.1", port: port, timeout: .seconds(2))
        #expect(!report.accepted)
        #expect(report.error == "connection refused")
    }

    @Test func nonNumericAddressIsRejectedWithoutALookup() {
        let report = PortReachability.check(host: "gw01", address: "gw01", port: 8883)
        #expect(!report.accepted)
        #expect(report.error == "gw01 is not a numeric address")
    }
}
