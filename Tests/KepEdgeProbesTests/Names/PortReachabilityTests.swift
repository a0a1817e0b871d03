import Foundation
import KepEdgeCore
import KepEdgeProbes
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket listening on 127.0.0.1 on a port the kernel picks; closed by `close()`.
struct LoopbackListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard fd >= 0, bound, listen(fd, 4) == 0 else {
            Glibc.close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        Glibc.close(descriptor)
    }
}

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

    @Test func unansweredAddressGivesUpAtTheTimeout() {
        // TEST-NET-1 (RFC 5737): nothing answers, so the connect either times out or fails at once.
        let started = ContinuousClock.now
        let report = PortReachability.check(host: "gw01", address: "192.0.2.1", port: 8883, timeout: .milliseconds(300))
        #expect(!report.accepted)
        #expect(report.error != nil)
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func nonNumericAddressIsRejectedWithoutALookup() {
        let report = PortReachability.check(host: "gw01", address: "gw01", port: 8883)
        #expect(!report.accepted)
        #expect(report.error == "gw01 is not a numeric address")
    }
}
