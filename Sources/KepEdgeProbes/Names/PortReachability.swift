import Foundation
import KepEdgeCore
#if canImport(Glibc)
import Glibc
#endif

public enum PortReachability {
    /// Tries one numeric address (from `Resolver`), non-blocking connect plus poll, so an unreachable
    /// host costs at most `timeout`.
    public static func check(host: String, address: String, port: Int, timeout: Duration = .seconds(3)) -> PortReachabilityReport {
        let start = ContinuousClock.now
        func report(_ accepted: Bool, _ error: String?) -> PortReachabilityReport {
            PortReachabilityReport(host: host, address: address, port: port, accepted: accepted, error: error,
                                   milliseconds: Resolver.milliseconds(since: start))
        }
        guard (1...65535).contains(port) else { return report(false, "port \(port) is out of range") }

        let (seconds, attoseconds) = timeout.components
        let timeoutMilliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        let deadline = ProbeDeadline(seconds: Double(timeoutMilliseconds) / 1000)
        switch TCPConnector.connect(addresses: [address], port: port, deadline: deadline, cancellation: CancellationFlag()) {
        case .connected(let fd, _):
            close(fd)
            return report(true, nil)
        case .refused: return report(false, "connection refused")
        case .timedOut: return report(false, "timed out after \(timeoutMilliseconds) ms")
        case .cancelled: return report(false, "cancelled")
        case .failed(let reason): return report(false, reason)
        }
    }

    /// edgeHub's port on the first of `addresses` that accepts; at most two are tried, so an
    /// unreachable gateway costs two timeouts, not one per address. Otherwise the first failure.
    public static func firstAccepting(host: String, addresses: [String], port: Int, timeout: Duration) -> PortReachabilityReport {
        var firstFailure: PortReachabilityReport?
        for address in addresses.prefix(2) {
            let report = check(host: host, address: address, port: port, timeout: timeout)
            if report.accepted { return report }
            firstFailure = firstFailure ?? report
        }
        return firstFailure ?? PortReachabilityReport(host: host, address: "", port: port, accepted: false, error: "no address", milliseconds: 0)
    }
}
