import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket listening on 127.0.0.1 on `port` (0: one the kernel picks); closed by `close()`. It never
/// accepts: the kernel completes connections into its backlog and they wait there, silent.
public struct LoopbackListener: Sendable {
    public let descriptor: Int32
    public let port: Int

    public init(port requested: Int = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(requested).bigEndian)
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

    /// Accepts every connection waiting in the backlog, closes each, and says how many there were.
    public func acceptWaiting() -> Int {
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        var count = 0
        while case let client = accept(descriptor, nil, nil), client >= 0 {
            Glibc.close(client)
            count += 1
        }
        return count
    }

    public func close() {
        Glibc.close(descriptor)
    }
}

