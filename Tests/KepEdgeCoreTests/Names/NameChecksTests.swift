import KepEdgeCore
import Testing

@Suite struct NameChecksTests {
    let isGatewayAddress: (String) -> Bool = { $0 == "192.168.1.20" }

    @Test func unresolvedNameIsAnErrorWithTheHostsLine() {
        let report = NameResolutionReport(host: "gw01", addresses: [], error: "Name or service not known", milliseconds: 3)
        let check = NameChecks.resolution(report, hostsEntries: [], isLocalAddress: isGatewayAddress, hostsLine: "192.168.1.20 gw01")
        #expect(check.status == .error)
        #expect(check.title.contains("Name or service not known"))
        #expect(check.details == ["/etc/hosts has no line for gw01"])
        #expect(check.fix?.contains("`192.168.1.20 gw01`") == true)
    }

    @Test func timeoutPointsAtTheResolver() {
        let report = NameResolutionReport(host: "gw01", addresses: [], error: "timed out", milliseconds: 5000)
        let check = NameChecks.resolution(report, hostsEntries: [], isLocalAddress: isGatewayAddress, hostsLine: nil)
        #expect(check.status == .error)
        #expect(check.fix?.contains("resolv.conf") == true)
    }

    @Test func loopbackOnlyIsAWarningForTheKepwareHost() {
        let report = NameResolutionReport(host: "gw01", addresses: ["127.0.1.1"], milliseconds: 1)
        let entry = HostsFileEntry(address: "127.0.1.1", names: ["gw01"], lineNumber: 2)
        let check = NameChecks.resolution(report, hostsEntries: [entry], isLocalAddress: isGatewayAddress, hostsLine: "192.168.1.20 gw01")
        #expect(check.status == .warning)
        #expect(check.details.first == "/etc/hosts line 2: 127.0.1.1 gw01")
    }

    @Test func anAddressOfThisMachineIsOkAndAForeignOneWarns() {
        let local = NameResolutionReport(host: "gw01", addresses: ["192.168.1.20"], milliseconds: 1)
        #expect(NameChecks.resolution(local, hostsEntries: [], isLocalAddress: isGatewayAddress, hostsLine: nil).status == .ok)
        let foreign = NameResolutionReport(host: "gw01", addresses: ["192.168.1.99"], milliseconds: 1)
        let check = NameChecks.resolution(foreign, hostsEntries: [], isLocalAddress: isGatewayAddress, hostsLine: nil)
        #expect(check.status == .warning)
        #expect(check.title.contains("not this machine"))
    }

    @Test func portVerdictsGiveFixesByCause() {
        let refused = PortReachabilityReport(host: "gw01", address: "192.168.1.20", port: 8883, accepted: false, error: "connection refused", milliseconds: 1)
        #expect(NameChecks.port(refused).status == .error)
        #expect(NameChecks.port(refused).fix?.contains("iotedge list") == true)
        let timedOut = PortReachabilityReport(host: "gw01", address: "192.168.1.20", port: 8883, accepted: false, error: "timed out after 3000 ms", milliseconds: 3000)
        #expect(NameChecks.port(timedOut).fix?.contains("firewall") == true)
        let open = PortReachabilityReport(host: "gw01", address: "192.168.1.20", port: 8883, accepted: true, error: nil, milliseconds: 1)
        #expect(NameChecks.port(open).status == .ok)
    }

    /// Issue 13 §3: a config.toml without hostname is fine; the check says where the name came from and never
    /// advises setting hostname without what `iotedge config apply` then does.
    @Test func machineHostnameIsOkAndExplained() {
        var config = EdgeConfig(sourcePath: "/etc/aziot/config.toml", format: .toml, hostname: "plant-gw07")
        config.hostnameSource = .machineHostname
        let check = NameChecks.config(config)
        #expect(check.status == .ok)
        #expect(check.title.contains("machine's: plant-gw07"))
        #expect(check.details.contains { $0.contains("set hostname") && $0.contains("iotedge config apply") && $0.contains("new server certificate") })
    }

    @Test func lowerCasedYamlHostnameWarns() {
        let config = EdgeConfig(sourcePath: "/etc/iotedge/config.yaml", format: .yaml, hostname: "GW01")
        let check = NameChecks.config(config)
        #expect(check.status == .warning)
        #expect(check.fix?.contains("gw01") == true)
        #expect(NameChecks.config(EdgeConfig(sourcePath: "/c.toml", format: .toml, hostname: "GW01")).status == .ok)
    }
}
