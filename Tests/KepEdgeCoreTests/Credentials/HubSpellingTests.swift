import KepEdgeCore
import Testing

/// Issue 13 §1: the seed's hub is `sdbedgeIoTHub`; the gateway's config spelling wins, a case-only difference is
/// an error for IoT Edge 1.1 and a warning for 1.2+.
@Suite struct HubSpellingTests {
    let configured = "sdbedgeIoTHub.azure-devices.net"

    @Test func theGatewayConfigsSpellingWins() throws {
        let typed = try IoTHubHost(parsing: "sdbedgeiothub")
        #expect(HubSpelling.preferred(given: typed, configured: configured).hostName == configured)
        let other = try IoTHubHost(parsing: "otherhub")
        #expect(HubSpelling.preferred(given: other, configured: configured) == other)
        #expect(HubSpelling.preferred(given: typed, configured: nil) == typed)
    }

    @Test func caseOnlyDifferenceIsAnErrorOn11AndAWarningOn12() throws {
        let typed = try IoTHubHost(parsing: "sdbedgeiothub")
        let on11 = try #require(HubSpelling.check(given: typed, configured: configured, configPath: "/etc/iotedge/config.yaml", release: .v1_1))
        #expect(on11.status == .error)
        #expect(on11.fix?.contains("--hub sdbedgeIoTHub.azure-devices.net") == true)
        let on12 = try #require(HubSpelling.check(given: typed, configured: configured, configPath: "/etc/aziot/config.toml", release: .v1_2OrLater))
        #expect(on12.status == .warning)
        let same = try #require(HubSpelling.check(given: try IoTHubHost(parsing: configured), configured: configured, configPath: "c", release: .v1_1))
        #expect(same.status == .ok)
        #expect(HubSpelling.check(given: try IoTHubHost(parsing: "otherhub"), configured: configured, configPath: "c", release: .v1_1) == nil)
    }

    /// The token and username made for the seed's hub keep its spelling (kepedge used to lower-case both).
    @Test func tokenAndUsernameKeepTheSpelling() throws {
        let hub = try IoTHubHost(parsing: configured)
        let key = try SharedAccessKey(base64: "ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleQ==")
        let token = SASToken.forDevice(hub: hub, device: try DeviceID(validating: "kepware-01"), key: key, expiry: 1_900_000_000)
        #expect(token.inspection.hubHostName == configured)
        let settings = try GatewayMQTTSettings(gatewayHostName: "gw01", hub: hub, device: try DeviceID(validating: "kepware-01"))
        #expect(settings.username.hasPrefix("sdbedgeIoTHub.azure-devices.net/kepware-01/"))
    }

    /// Issue 13 §4: an `sr` naming the gateway is allowed by edgeHub, refused by IoT Hub; inspect says both.
    @Test func audienceNamingTheGatewayIsExplained() {
        let gateway = SASTokenInspection(resourceURI: "gw01.plant.local/devices/kepware-01", policyName: nil, expiryEpoch: 1)
        #expect(!gateway.audienceNamesAHub)
        #expect(gateway.audienceNote?.contains("edgeHub accepts") == true)
        #expect(gateway.audienceNote?.contains("IoT Hub refuses") == true)
        let hub = SASTokenInspection(resourceURI: "sdbedgeIoTHub.azure-devices.net/devices/kepware-01", policyName: nil, expiryEpoch: 1)
        #expect(hub.audienceNote == nil)
    }
}
