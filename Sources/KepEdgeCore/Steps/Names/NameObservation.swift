/// What the runtime saw when it checked the gateway name on this machine: the resolver's answer,
/// the hosts-file lines for the name, this machine's interfaces, and whether edgeHub's port answered.
public struct NameObservation: Equatable, Sendable {
    public var resolution: NameResolutionReport
    public var hostsEntries: [HostsFileEntry]
    public var interfaces: [InterfaceAddress]
    public var defaultRouteInterface: String?
    /// Nil when the name did not resolve (nothing to connect to).
    public var port: PortReachabilityReport?

    public init(
        resolution: NameResolutionReport, hostsEntries: [HostsFileEntry], interfaces: [InterfaceAddress],
        defaultRouteInterface: String?, port: PortReachabilityReport?
    ) {
        self.resolution = resolution
        self.hostsEntries = hostsEntries
        self.interfaces = interfaces
        self.defaultRouteInterface = defaultRouteInterface
        self.port = port
    }

    /// The line the Kepware host's hosts file needs, with the address choice explained.
    public var hostsFileLine: HostsFileLine {
        HostsFileLine(hostname: resolution.host, interfaces: interfaces, defaultRouteInterface: defaultRouteInterface)
    }

    public func isLocalAddress(_ address: String) -> Bool {
        interfaces.contains { $0.address == address } || IPAddressText.isLoopback(address)
    }
}
