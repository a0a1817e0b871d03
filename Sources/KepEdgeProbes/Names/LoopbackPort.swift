import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1, for the lab's parts and the benchmarks' brokers.
public enum LoopbackPort {
    /// No port could be had on 127.0.0.1.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// `preferred` when nothing holds it on 127.0.0.1, else (or for 0) one the kernel picks.
    public static func preferring(_ preferred: Int) throws -> Int {
        if let bound = try? bind(port: preferred) { return bound }  // 0 binds whatever is free
        return try free()
    }

    /// A port that was free a moment ago.
    public static func free() throws -> Int { try bind(port: 0) }

    /// Binds (and releases) 127.0.0.1:`port`; returns the port bound.
    private static func bind(port: Int) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable(description: "no socket could be opened (errno \(errno))") }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Unavailable(description: "127.0.0.1:\(port) is in use") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port` now.
    public static func isAccepting(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
