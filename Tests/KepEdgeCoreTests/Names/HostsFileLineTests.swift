import KepEdgeCore
import Testing

@Suite struct HostsFileLineTests {
    let loopback = [
        InterfaceAddress(interfaceName: "lo", address: "127.0.0.1", family: .ipv4, isLoopback: true),
        InterfaceAddress(interfaceName: "lo", address: "::1", family: .ipv6, isLoopback: true),
    ]
    let docker = InterfaceAddress(interfaceName: "docker0", address: "172.17.0.1", family: .ipv4)
    let edgeBridge = InterfaceAddress(interfaceName: "azure-iot-edge", address: "172.18.0.1", family: .ipv4)
    let veth = InterfaceAddress(interfaceName: "veth12ab", address: "172.18.0.5", family: .ipv4)
    let lan = InterfaceAddress(interfaceName: "eth0", address: "192.168.1.20", family: .ipv4)
    let lanLinkLocal = InterfaceAddress(interfaceName: "eth0", address: "fe80::1%eth0", family: .ipv6)
    let secondNic = InterfaceAddress(interfaceName: "enp2s0", address: "10.10.0.5", family: .ipv4)

    @Test func choosesTheDefaultRouteInterfaceAndSkipsVirtualOnes() {
        let choice = HostsFileLine(
            hostname: "gw01",
            interfaces: loopback + [docker, edgeBridge, veth, secondNic, lan, lanLinkLocal],
            defaultRouteInterface: "eth0")
        #expect(choice.line == "192.168.1.20 gw01")
        #expect(choice.chosen == lan)
        #expect(choice.reason.contains("default route"))
        let skipped = Dictionary(uniqueKeysWithValues: choice.others.map { ($0.address.address, $0.skippedBecause) })
        #expect(skipped["127.0.0.1"] == "loopback")
        #expect(skipped["172.17.0.1"] == "container/bridge virtual interface")
        #expect(skipped["172.18.0.1"] == "container/bridge virtual interface")
        #expect(skipped["172.18.0.5"] == "container/bridge virtual interface")
        #expect(skipped["fe80::1%eth0"] == "link-local address")
        // The second NIC is listed as usable, so the user can pick it if the Kepware host is on that LAN.
        #expect(skipped.keys.contains("10.10.0.5"))
        #expect(skipped["10.10.0.5"] == .some(nil))
        #expect(choice.others.count == 7)
    }

    @Test func withoutADefaultRouteTakesTheFirstPhysicalIPv4AndSaysSo() {
        let choice = HostsFileLine(hostname: "gw01", interfaces: loopback + [docker, secondNic, lan], defaultRouteInterface: nil)
        #expect(choice.chosen == secondNic)
        #expect(choice.reason.contains("no default route"))
    }

    @Test func defaultRouteOnAVirtualInterfaceIsNotChosen() {
        let choice = HostsFileLine(hostname: "gw01", interfaces: [docker, lan], defaultRouteInterface: "docker0")
        #expect(choice.chosen == lan)
        #expect(choice.reason.contains("docker0"))
    }

    @Test func prefersIPv4OverIPv6OnTheSameInterface() {
        let v6 = InterfaceAddress(interfaceName: "eth0", address: "fd00::2", family: .ipv6)
        let choice = HostsFileLine(hostname: "gw01", interfaces: [v6, lan], defaultRouteInterface: "eth0")
        #expect(choice.chosen == lan)
    }

    @Test func anIPv4AddressElsewhereBeatsIPv6OnTheDefaultRoute() {
        let v6 = InterfaceAddress(interfaceName: "eth0", address: "fd00::2", family: .ipv6)
        let choice = HostsFileLine(hostname: "gw01", interfaces: [v6, secondNic], defaultRouteInterface: "eth0")
        #expect(choice.chosen == secondNic)
        #expect(choice.reason == "enp2s0 10.10.0.5: the default route is on eth0, which has no usable IPv4 address")
    }

    @Test func fallsBackToAGlobalIPv6AddressWhenThereIsNoIPv4() {
        let v6 = InterfaceAddress(interfaceName: "eth0", address: "fd00::2", family: .ipv6)
        let choice = HostsFileLine(hostname: "gw01", interfaces: loopback + [lanLinkLocal, v6], defaultRouteInterface: "eth0")
        #expect(choice.line == "fd00::2 gw01")
        #expect(choice.reason.contains("IPv6"))
    }

    @Test func downInterfacesAndIPv4LinkLocalAreSkipped() {
        let down = InterfaceAddress(interfaceName: "eth1", address: "192.168.5.1", family: .ipv4, isUp: false)
        let apipa = InterfaceAddress(interfaceName: "eth2", address: "169.254.10.3", family: .ipv4)
        let choice = HostsFileLine(hostname: "gw01", interfaces: [down, apipa], defaultRouteInterface: nil)
        #expect(choice.chosen == nil)
        #expect(choice.line == nil)
        #expect(choice.others.map(\.skippedBecause) == ["interface is down", "link-local address"])
        let check = choice.check
        #expect(check.status == .warning)
        #expect(check.fix?.contains(HostsFileLine.windowsPath) == true)
    }

    @Test func onlyLoopbackGivesNoLine() {
        let choice = HostsFileLine(hostname: "gw01", interfaces: loopback, defaultRouteInterface: nil)
        #expect(choice.line == nil)
        #expect(choice.reason.contains("no interface has a LAN address"))
        #expect(HostsFileLine(hostname: "gw01", interfaces: [], defaultRouteInterface: nil).reason == "no network interfaces were found")
    }

    @Test func checkNamesTheWindowsHostsFileAndTheChoice() {
        let check = HostsFileLine(hostname: "gw01", interfaces: [lan], defaultRouteInterface: "eth0").check
        #expect(check.status == .ok)
        #expect(check.title.hasSuffix("192.168.1.20 gw01"))
        #expect(check.details.contains { $0.contains(#"C:\Windows\System32\drivers\etc\hosts"#) })
        #expect(check.details.contains { $0.hasPrefix("chosen: eth0 192.168.1.20") })
    }
}
