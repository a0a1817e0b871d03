import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opens a non-blocking TCP connection to the first of several numeric addresses that accepts
/// (the TLS probe, and the plain port check of `kepedge names`).
enum TCPConnector {
    enum Outcome {
        case connected(fd: Int32, address: String)
        /// Every address refused.
        case refused
        /// At least one address did not answer before the deadline, and none accepted.
        case timedOut
        case cancelled
        case failed(String)
    }

    /// Tries each address in resolver order (IPv4 and IPv6) until one accepts; all share `deadline`.
    /// The returned descriptor is non-blocking; the caller closes it.
    static func connect(addresses: [String], port: Int, deadline: ProbeDeadline, cancellation: CancellationFlag) -> Outcome {
        var sawTimeout = false
        var otherErrors: [String] = []
        for address in addresses {
            switch connectOne(address: address, port: port, deadline: deadline, cancellation: cancellation) {
            case .connected(let fd, let address): return .connected(fd: fd, address: address)
            case .refused: continue
            case .timedOut: sawTimeout = true
            case .cancelled: return .cancelled
            case .failed(let reason): otherErrors.append(addresses.count == 1 ? reason : "\(address): \(reason)")
            }
        }
        if sawTimeout { return .timedOut }
        if !otherErrors.isEmpty { return .failed(otherErrors.joined(separator: "; ")) }
        return .refused
    }

    private static func connectOne(address: String, port: Int, deadline: ProbeDeadline, cancellation: CancellationFlag) -> Outcome {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address, String(port), &hints, &list) == 0, let info = list else {
            return .failed("\(address) is not a numeric address")
        }
        defer { freeaddrinfo(list) }

        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
        guard fd >= 0 else { return .failed(describe(errno)) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)

        func fail(_ outcome: Outcome) -> Outcome {
            close(fd)
            return outcome
        }
        if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
            return .connected(fd: fd, address: address)
        }
        let started = errno
        guard started == EINPROGRESS else { return fail(started == ECONNREFUSED ? .refused : .failed(describe(started))) }

        switch deadline.wait(fd, events: Int16(POLLOUT), cancellation: cancellation) {
        case .ready: break
        case .timedOut: return fail(.timedOut)
        case .cancelled: return fail(.cancelled)
        case .failed(let code): return fail(.failed(describe(code)))
        }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
        if socketError == 0 { return .connected(fd: fd, address: address) }
        return fail(socketError == ECONNREFUSED ? .refused : .failed(describe(socketError)))
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
