/// One address of one network interface on this machine, as getifaddrs reports it.
public struct InterfaceAddress: Equatable, Codable, Sendable {
    public enum Family: String, Codable, Sendable {
        case ipv4
        case ipv6
    }

    public var interfaceName: String
    public var address: String
    public var family: Family
    public var isLoopback: Bool
    public var isUp: Bool

    public init(interfaceName: String, address: String, family: Family, isLoopback: Bool = false, isUp: Bool = true) {
        self.interfaceName = interfaceName
        self.address = address
        self.family = family
        self.isLoopback = isLoopback
        self.isUp = isUp
    }
}

/// An address considered for the Kepware host's hosts file and what was decided about it.
public struct ConsideredAddress: Equatable, Codable, Sendable {
    public var address: InterfaceAddress
    /// Why it was skipped ("loopback", "docker/bridge virtual interface", …), or nil when usable.
    public var skippedBecause: String?

    public init(address: InterfaceAddress, skippedBecause: String?) {
        self.address = address
        self.skippedBecause = skippedBecause
    }

    public var summary: String {
        "\(address.interfaceName) \(address.address)" + (skippedBecause.map { " (skipped: \($0))" } ?? " (also usable)")
    }
}

/// The line the Kepware (Windows) host needs in its hosts file so that the gateway's name resolves
/// there to this gateway's LAN address.
public struct HostsFileLine: Equatable, Codable, Sendable {
    /// Where Windows keeps the hosts file (edit it as Administrator).
    public static let windowsPath = #"C:\Windows\System32\drivers\etc\hosts"#

    public var hostname: String
    /// The chosen address, or nil when this machine has no usable LAN address.
    public var chosen: InterfaceAddress?
    /// Why this address was chosen (or why none was).
    public var reason: String
    /// Every other address seen, usable or skipped, with why.
    public var others: [ConsideredAddress]

    /// `192.168.1.20 gw01`, or nil when no address was chosen.
    public var line: String? {
        chosen.map { "\($0.address) \(hostname)" }
    }

    /// Chooses the address: IPv4 before IPv6, the default-route interface first, skipping loopback,
    /// down interfaces, link-local addresses and container/bridge virtual interfaces (docker0, br-…,
    /// veth…, azure-iot-edge), which a Kepware host on the plant LAN cannot reach.
    public init(hostname: String, interfaces: [InterfaceAddress], defaultRouteInterface: String?) {
        self.hostname = hostname
        let considered = interfaces.map { ConsideredAddress(address: $0, skippedBecause: Self.skipReason(for: $0)) }
        let usable = considered.filter { $0.skippedBecause == nil }.map(\.address)

        func rank(_ candidate: InterfaceAddress) -> Int {
            let onDefaultRoute = candidate.interfaceName == defaultRouteInterface
            switch (candidate.family, onDefaultRoute) {
            case (.ipv4, true): return 0
            case (.ipv4, false): return 1
            case (.ipv6, true): return 2
            case (.ipv6, false): return 3
            }
        }
        // A stable sort keeps getifaddrs order among equals.
        let best = usable.enumerated().min { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }?.element
        self.chosen = best
        self.others = considered.filter { $0.address != best }

        if let best {
            let routeNote: String
            if best.interfaceName == defaultRouteInterface {
                routeNote = "it carries the default route"
            } else if let defaultRouteInterface {
                routeNote = "the default route is on \(defaultRouteInterface), which has no usable \(best.family == .ipv4 ? "IPv4 " : "")address"
            } else {
                routeNote = "no default route was found"
            }
            let familyNote = best.family == .ipv6 ? "; no usable IPv4 address, so IPv6" : ""
            self.reason = "\(best.interfaceName) \(best.address): \(routeNote)\(familyNote)"
        } else if interfaces.isEmpty {
            self.reason = "no network interfaces were found"
        } else {
            self.reason = "no interface has a LAN address (only loopback, link-local or virtual interfaces)"
        }
    }

    /// Why an address is no good for a LAN client, or nil when it is.
    public static func skipReason(for address: InterfaceAddress) -> String? {
        if address.isLoopback || IPAddressText.isLoopback(address.address) { return "loopback" }
        if !address.isUp { return "interface is down" }
        if IPAddressText.isLinkLocal(address.address) { return "link-local address" }
        if isVirtualInterfaceName(address.interfaceName) { return "container/bridge virtual interface" }
        return nil
    }

    /// Interfaces created by Docker/Moby, IoT Edge, libvirt and CNI for containers, not the plant LAN.
    public static func isVirtualInterfaceName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if lowered == "azure-iot-edge" || lowered.hasPrefix("azure-iot") { return true }
        let prefixes = ["docker", "br-", "veth", "virbr", "cni", "flannel", "cali", "vxlan", "kube", "lxcbr", "lxdbr", "podman"]
        return prefixes.contains { lowered.hasPrefix($0) }
    }

    /// The hosts-line advice as a check line.
    public var check: CheckResult {
        let otherLines = others.map(\.summary)
        guard let line else {
            return CheckResult(
                id: .hostsLine, title: "no LAN address for the Kepware host's hosts file", status: .warning,
                details: [reason] + otherLines,
                fix: "Add `<gateway LAN address> \(hostname)` to \(Self.windowsPath) on the Kepware host (as Administrator), using the address the Kepware host reaches this gateway on.")
        }
        return CheckResult(
            id: .hostsLine, title: "Kepware host's hosts file needs: \(line)", status: .ok,
            details: ["in \(Self.windowsPath) (edit as Administrator)", "chosen: \(reason)"] + otherLines.map { "other: \($0)" })
    }
}
