import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP CONNECT proxy on 127.0.0.1, for proving that clients really tunnel through `https_proxy`.
/// It only opens tunnels to 127.0.0.1 (it is a test fixture, never an open proxy) and records each target.
public final class LabConnectProxy: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var targets: [String] = []
    private var sockets: [Int32] = []
    private var stopped = false

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LabError("socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw LabError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The `host:port` of every CONNECT received.
    public var connectTargets: [String] { lock.withLock { targets } }

    public func stop() {
        let open: [Int32] = lock.withLock {
            stopped = true
            return sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            let keep = lock.withLock { () -> Bool in
                if stopped { return false }
                sockets.append(client)
                return true
            }
            if !keep { close(client); return }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        var header = [UInt8]()
        var byte: UInt8 = 0
        while header.count < 8192, read(client, &byte, 1) == 1 {
            header.append(byte)
            if header.suffix(4) == [13, 10, 13, 10] { break }
        }
        let text = String(decoding: header, as: UTF8.self)
        let words = text.split(separator: " ")
        guard words.count >= 2, words[0] == "CONNECT" else { reply(client, "HTTP/1.1 405 Method Not Allowed\r\n\r\n"); close(client); return }
        let target = String(words[1])
        lock.withLock { targets.append(target) }
        guard target.hasPrefix("127.0.0.1:"), let port = UInt16(target.dropFirst("127.0.0.1:".count)) else {
            reply(client, "HTTP/1.1 403 Forbidden\r\n\r\n"); close(client); return
        }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { reply(client, "HTTP/1.1 502 Bad Gateway\r\n\r\n"); close(client); close(upstream); return }
        lock.withLock { sockets.append(upstream) }
        reply(client, "HTTP/1.1 200 Connection established\r\n\r\n")
        Thread.detachNewThread { Self.pump(from: upstream, to: client) }
        Self.pump(from: client, to: upstream)
    }

    private func reply(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = read(source, &buffer, buffer.count)
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer[offset..<count].withUnsafeBytes { write(destination, $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
        }
        shutdown(destination, Int32(SHUT_WR))
    }
}
