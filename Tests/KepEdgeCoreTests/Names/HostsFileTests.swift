import KepEdgeCore
import Testing

@Suite struct HostsFileTests {
    let text = """
    # /etc/hosts on a gateway
    127.0.0.1\tlocalhost
    127.0.1.1   GW01.plant.local\tgw01   # Debian puts the machine's name here

    192.168.1.20 gw01.plant.local gw01 edge-gw
    ::1     localhost ip6-localhost ip6-loopback
    fe00::0 ip6-localnet
    10.0.0.9
       # indented comment
    fd00::2 gw01\r
    """

    @Test func parsesAddressesNamesAndLineNumbersSkippingCommentsAndBareAddresses() {
        let hosts = HostsFile(parsing: text)
        #expect(hosts.entries.map(\.address) == ["127.0.0.1", "127.0.1.1", "192.168.1.20", "::1", "fe00::0", "fd00::2"])
        #expect(hosts.entries[1] == HostsFileEntry(address: "127.0.1.1", names: ["GW01.plant.local", "gw01"], lineNumber: 3))
        #expect(hosts.entries[2].names == ["gw01.plant.local", "gw01", "edge-gw"])
        #expect(hosts.entries[3].names == ["localhost", "ip6-localhost", "ip6-loopback"])
        // Windows line endings do not leak into names.
        #expect(hosts.entries[5].names == ["gw01"])
    }

    @Test func lookupFindsCanonicalNamesAndAliasesCaseInsensitively() {
        let hosts = HostsFile(parsing: text)
        #expect(hosts.entries(for: "gw01").map(\.address) == ["127.0.1.1", "192.168.1.20", "fd00::2"])
        #expect(hosts.entries(for: "gw01.PLANT.local").map(\.lineNumber) == [3, 5])
        #expect(hosts.entries(for: "edge-gw").map(\.address) == ["192.168.1.20"])
        #expect(hosts.entries(for: "plant.local").isEmpty)
    }

    @Test func emptyTextHasNoEntries() {
        #expect(HostsFile(parsing: "").entries.isEmpty)
        #expect(HostsFile(parsing: "# only a comment\n\n").entries.isEmpty)
    }
}
