import Foundation
import KepEdgeCore
#if canImport(Glibc)
import Glibc
#endif

/// This machine's network interfaces and which one carries the default route.
public enum LocalInterfaces {
    /// Every IPv4 and IPv6 address of every interface, in getifaddrs order.
    public static func addresses() -> [InterfaceAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return [] }
        defer { freeifaddrs(list) }
        var result: [InterfaceAddress] = []
        var node = list
        while let current = node {
            defer { node = current.pointee.ifa_next }
            guard let sockaddr = current.pointee.ifa_addr else { continue }
            let family: InterfaceAddress.Family
            let length: socklen_t
            switch Int32(sockaddr.pointee.sa_family) {
            case AF_INET:
                family = .ipv4
                length = socklen_t(MemoryLayout<sockaddr_in>.size)
            case AF_INET6:
                family = .ipv6
                length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            default:
                continue
            }
            guard let address = Resolver.numericAddress(sockaddr, length: length) else { continue }
            let flags = current.pointee.ifa_flags
            result.append(InterfaceAddress(
                interfaceName: String(cString: current.pointee.ifa_name),
                address: address,
                family: family,
                isLoopback: flags & UInt32(IFF_LOOPBACK) != 0,
                isUp: flags & UInt32(IFF_UP) != 0))
        }
        return result
    }

    /// The interface of the IPv4 default route, from `/proc/net/route`; nil when there is none
    /// or the file cannot be read (not Linux).
    public static func defaultRouteInterface(procNetRoutePath: String = "/proc/net/route") -> String? {
        guard let text = try? String(contentsOfFile: procNetRoutePath, encoding: .utf8) else { return nil }
        return defaultRouteInterface(procNetRoute: text)
    }

    /// Parses `/proc/net/route`: the default route has Destination and Mask 00000000 and the
    /// route-up flag; with several, the lowest metric wins, as in the kernel.
    public static func defaultRouteInterface(procNetRoute text: String) -> String? {
        var best: (interface: String, metric: Int)?
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 8,
                  fields[1] == "00000000", fields[7] == "00000000",
                  let flags = Int(fields[3], radix: 16), flags & 0x1 != 0,
                  let metric = Int(fields[6]) else { continue }
            if let current = best, current.metric <= metric { continue }
            best = (String(fields[0]), metric)
        }
        return best?.interface
    }

    /// The hosts-file line for the Kepware host, from this machine's interfaces.
    public static func hostsFileLine(hostname: String, procNetRoutePath: String = "/proc/net/route") -> HostsFileLine {
        HostsFileLine(
            hostname: hostname,
            interfaces: addresses(),
            defaultRouteInterface: defaultRouteInterface(procNetRoutePath: procNetRoutePath))
    }

    /// True when `address` is one of this machine's own addresses (loopback included).
    public static func isLocalAddress(_ address: String, among interfaces: [InterfaceAddress]) -> Bool {
        if IPAddressText.isLoopback(address) { return true }
        let bare = address.lowercased()
        return interfaces.contains { candidate in
            let local = candidate.address.lowercased()
            // getnameinfo appends %zone to link-local IPv6; a resolver answer may not have it.
            return local == bare || local.split(separator: "%").first.map(String.init) == bare
        }
    }
}
