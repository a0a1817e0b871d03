import Foundation
import KepEdgeCore
#if canImport(Glibc)
import Glibc
#endif

/// Resolves a host name with the system resolver (getaddrinfo: hosts file, then DNS, as every
/// other program on this machine would), all IPv4 and IPv6 addresses, with a timeout.
public enum Resolver {
    /// getaddrinfo cannot be cancelled, so it runs on its own thread; when the timeout passes the
    /// caller gets "timed out" and the thread is left to finish on its own.
    public static func resolve(_ host: String, timeout: Duration = .seconds(5)) async -> NameResolutionReport {
        await resolve(host, timeout: timeout, lookUp: lookUp)
    }

    /// `lookUp` is injectable so tests can prove the timeout with a lookup that blocks.
    static func resolve(
        _ host: String, timeout: Duration,
        lookUp: @escaping @Sendable (String) -> (addresses: [String], error: String?)
    ) async -> NameResolutionReport {
        let start = ContinuousClock.now
        let once = ResumeOnce<NameResolutionReport>()
        return await withCheckedContinuation { continuation in
            once.set(continuation)
            let thread = Thread {
                let (addresses, error) = lookUp(host)
                let elapsed = milliseconds(since: start)
                once.resume(NameResolutionReport(host: host, addresses: addresses, error: error, milliseconds: elapsed))
            }
            thread.start()
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                once.resume(NameResolutionReport(host: host, addresses: [], error: "timed out", milliseconds: milliseconds(since: start)))
            }
        }
    }

    /// Blocking getaddrinfo: numeric addresses in resolver order, duplicates removed.
    static func lookUp(_ host: String) -> (addresses: [String], error: String?) {
        if host.isEmpty { return ([], "empty host name") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else {
            let text = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            return ([], text)
        }
        var addresses: [String] = []
        var node = list
        while let current = node {
            if let sockaddr = current.pointee.ai_addr,
               let text = numericAddress(sockaddr, length: current.pointee.ai_addrlen),
               !addresses.contains(text) {
                addresses.append(text)
            }
            node = current.pointee.ai_next
        }
        return addresses.isEmpty ? ([], "no addresses") : (addresses, nil)
    }

    static func numericAddress(_ address: UnsafePointer<sockaddr>, length: socklen_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let status = getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
        guard status == 0 else { return nil }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Resumes a continuation exactly once, whichever of the work and the timeout finishes first.
final class ResumeOnce<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?
    private var finished = false

    func set(_ continuation: CheckedContinuation<Value, Never>) {
        lock.lock()
        defer { lock.unlock() }
        self.continuation = continuation
    }

    func resume(_ value: Value) {
        lock.lock()
        guard !finished, let continuation else {
            lock.unlock()
            return
        }
        finished = true
        self.continuation = nil
        lock.unlock()
        continuation.resume(returning: value)
    }
}
