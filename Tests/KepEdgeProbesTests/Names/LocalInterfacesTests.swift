import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

@Suite struct LocalInterfacesTests {
    @Test func getifaddrsListsTheLoopbackInterface() {
        let addresses = LocalInterfaces.addresses()
        let loopback = addresses.first { $0.address == "127.0.0.1" }
        #expect(loopback?.isLoopback == true)
        #expect(loopback?.family == .ipv4)
        #expect(loopback?.isUp == true)
    }

    @Test func defaultRouteIsTheZeroDestinationWithTheLowestMetric() {
        let table = """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
        wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
        eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
        eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
        """
        #expect(LocalInterfaces.defaultRouteInterface(procNetRoute: table) == "eth0")
    }

    @Test func noDefaultRouteGivesNil() {
        let table = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
        #expect(LocalInterfaces.defaultRouteInterface(procNetRoute: table) == nil)
        #expect(LocalInterfaces.defaultRouteInterface(procNetRoute: "") == nil)
    }

    @Test func routeFileIsReadFromTheGivenPath() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "enp3s0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n")
        #expect(LocalInterfaces.defaultRouteInterface(procNetRoutePath: path) == "enp3s0")
        #expect(LocalInterfaces.defaultRouteInterface(procNetRoutePath: folder.file("missing")) == nil)
    }

    @Test func localAddressesAreRecognised() {
        let interfaces = [
            InterfaceAddress(interfaceName: "eth0", address: "192.168.1.20", family: .ipv4),
            InterfaceAddress(interfaceName: "eth0", address: "fe80::1%eth0", family: .ipv6),
        ]
        #expect(LocalInterfaces.isLocalAddress("192.168.1.20", among: interfaces))
        #expect(LocalInterfaces.isLocalAddress("fe80::1", among: interfaces))
        #expect(LocalInterfaces.isLocalAddress("127.0.1.1", among: interfaces))
        #expect(!LocalInterfaces.isLocalAddress("192.168.1.21", among: interfaces))
    }
}
