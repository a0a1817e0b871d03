import KepEdgeCore
import Testing

@Suite struct CertificateNameMatchTests {
    /// What aziot-edged puts in edgeHub's certificate for hostname gw01 (CN, SAN DNS, SAN DNS).
    let edgeHubNames = ["gw01", "gw01", "edgeHub"]

    @Test func exactNameIsOk() {
        #expect(CertificateNameMatch.verdict(connectName: "gw01", certificateNames: edgeHubNames) == .exactMatch(matched: "gw01"))
        let check = CertificateNameMatch.check(connectName: "gw01", certificateNames: edgeHubNames)
        #expect(check.status == .ok)
        #expect(check.fix == nil)
    }

    @Test func edgeHubModuleNameIsAlsoAMatch() {
        #expect(CertificateNameMatch.verdict(connectName: "edgeHub", certificateNames: edgeHubNames) == .exactMatch(matched: "edgeHub"))
    }

    @Test func caseOnlyDifferenceIsAWarningNamingTheCertificateSpelling() {
        let verdict = CertificateNameMatch.verdict(connectName: "GW01", certificateNames: edgeHubNames)
        #expect(verdict == .caseDifference(certificateName: "gw01"))
        let check = CertificateNameMatch.check(for: verdict, connectName: "GW01")
        #expect(check.status == .warning)
        #expect(check.fix?.contains("gw01") == true)
    }

    @Test func fullyQualifiedNameAgainstShortCertificateNameSaysUseTheShortOne() {
        let verdict = CertificateNameMatch.verdict(connectName: "gw01.plant.local", certificateNames: edgeHubNames)
        #expect(verdict == .fullyQualifiedVersusShort(useInstead: "gw01"))
        let check = CertificateNameMatch.check(for: verdict, connectName: "gw01.plant.local")
        #expect(check.status == .error)
        #expect(check.fix?.contains("Connect with gw01 ") == true)
    }

    @Test func shortNameAgainstFullyQualifiedCertificateNameSaysUseTheFQDN() {
        let names = ["gw01.plant.local", "edgeHub"]
        #expect(CertificateNameMatch.verdict(connectName: "gw01", certificateNames: names)
            == .fullyQualifiedVersusShort(useInstead: "gw01.plant.local"))
        // Different case and different form at once is still the FQDN/short verdict.
        #expect(CertificateNameMatch.verdict(connectName: "GW01", certificateNames: names)
            == .fullyQualifiedVersusShort(useInstead: "gw01.plant.local"))
    }

    @Test func twoDifferentFullyQualifiedNamesWithTheSameFirstLabelDoNotMatch() {
        // gw01.plant.local vs gw01.office.local are different machines, not a short/long pair.
        let verdict = CertificateNameMatch.verdict(connectName: "gw01.office.local", certificateNames: ["gw01.plant.local", "edgeHub"])
        #expect(verdict == .noMatch(certificateNames: ["gw01.plant.local", "edgeHub"]))
    }

    @Test func noMatchListsTheCertificateNamesAndRemindsWhatEdgeHubHolds() {
        let verdict = CertificateNameMatch.verdict(connectName: "gateway", certificateNames: edgeHubNames)
        #expect(verdict == .noMatch(certificateNames: ["gw01", "edgeHub"]))
        let check = CertificateNameMatch.check(for: verdict, connectName: "gateway")
        #expect(check.status == .error)
        #expect(check.details.contains("the certificate holds: gw01, edgeHub"))
        #expect(check.details.contains { $0.contains("`hostname`") && $0.contains("edgeHub") })
        #expect(check.fix != nil)
    }

    @Test func ipAddressTheCertificateDoesNotHoldIsAnErrorThatNamesTheHostName() {
        let verdict = CertificateNameMatch.verdict(connectName: "192.168.1.20", certificateNames: edgeHubNames)
        #expect(verdict == .ipAddressAsHostname(address: "192.168.1.20", inCertificate: false, certificateNames: ["gw01", "edgeHub"]))
        let check = CertificateNameMatch.check(for: verdict, connectName: "192.168.1.20")
        #expect(check.status == .error)
        #expect(check.fix?.contains("Connect with gw01 instead") == true)
        #expect(check.fix?.contains("192.168.1.20") == true)
    }

    @Test func ipAddressTheCertificateHoldsWorksButWarns() {
        // hostname = "192.168.1.20" in config.toml gives an IP SAN.
        let verdict = CertificateNameMatch.verdict(connectName: "192.168.1.20", certificateNames: ["192.168.1.20", "edgeHub"])
        #expect(verdict == .ipAddressAsHostname(address: "192.168.1.20", inCertificate: true, certificateNames: ["192.168.1.20", "edgeHub"]))
        #expect(CertificateNameMatch.check(for: verdict, connectName: "192.168.1.20").status == .warning)
    }

    @Test func ipv6AddressIsRecognisedAsAnAddress() {
        let verdict = CertificateNameMatch.verdict(connectName: "fd00::2", certificateNames: ["gw01"])
        #expect(verdict == .ipAddressAsHostname(address: "fd00::2", inCertificate: false, certificateNames: ["gw01"]))
    }

    @Test func wildcardCoversOneLabelOnly() {
        #expect(CertificateNameMatch.verdict(connectName: "gw01.plant.local", certificateNames: ["*.plant.local"])
            == .exactMatch(matched: "*.plant.local"))
        #expect(CertificateNameMatch.verdict(connectName: "a.gw01.plant.local", certificateNames: ["*.plant.local"])
            == .noMatch(certificateNames: ["*.plant.local"]))
    }

    @Test func emptyCertificateNameListIsNoMatch() {
        let check = CertificateNameMatch.check(connectName: "gw01", certificateNames: [])
        #expect(check.status == .error)
        #expect(check.details.first == "the certificate holds: (no names)")
    }
}
