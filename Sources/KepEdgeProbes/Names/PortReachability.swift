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

        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address, String(port), &hints, &list) == 0, let info = list else {
            return report(false, "\(address) is not a numeric address")
        }
        defer { freeaddrinfo(list) }

        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return report(false, String(cString: strerror(errno))) }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)

        if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return report(true, nil) }
        guard errno == EINPROGRESS else { return report(false, describe(errno)) }

        var pollDescriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let (seconds, attoseconds) = timeout.components
        let timeoutMilliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        let ready = poll(&pollDescriptor, 1, timeoutMilliseconds)
        if ready == 0 { return report(false, "timed out after \(timeoutMilliseconds) ms") }
        if ready < 0 { return report(false, describe(errno)) }

        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
        return socketError == 0 ? report(true, nil) : report(false, describe(socketError))
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
