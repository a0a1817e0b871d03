import KepEdgeCore
import Testing

@Suite struct GatewayMQTTSettingsTests {
    func settings(apiVersion: String = GatewayMQTTSettings.defaultAPIVersion) throws -> GatewayMQTTSettings {
        try GatewayMQTTSettings(gatewayHostName: "edge-gw.plant.local", hub: try IoTHubHost(parsing: "myhub"),
                                device: try DeviceID(validating: "kepware-01"), apiVersion: apiVersion)
    }

    @Test func buildsTheExactFieldsEdgeHubExpects() throws {
        let mqtt = try settings()
        #expect(mqtt.url == "ssl://edge-gw.plant.local:8883")
        #expect(mqtt.topic == "devices/kepware-01/messages/events/")
        #expect(mqtt.clientID == "kepware-01")
        #expect(mqtt.username == "myhub.azure-devices.net/kepware-01/?api-version=2021-04-12")
        #expect(mqtt.port == 8883)
        #expect(mqtt.qos == .atLeastOnce)
        #expect(mqtt.resourceURI == "myhub.azure-devices.net/devices/kepware-01")
    }

    @Test func apiVersionIsConfigurableButNeverEmpty() throws {
        #expect(try settings(apiVersion: "2018-06-30").username == "myhub.azure-devices.net/kepware-01/?api-version=2018-06-30")
        #expect(throws: GatewayMQTTSettingsError.badAPIVersion("")) { try settings(apiVersion: "") }
        #expect(throws: GatewayMQTTSettingsError.badAPIVersion("2021-04-12&x=y")) { try settings(apiVersion: "2021-04-12&x=y") }
    }

    @Test func anotherPortOnlyChangesTheURLAndMustBeATCPPort() throws {
        let lab = try GatewayMQTTSettings(gatewayHostName: "localhost", hub: try IoTHubHost(parsing: "myhub"),
                                          device: try DeviceID(validating: "kepware-01"), port: 18883)
        #expect(lab.url == "ssl://localhost:18883")
        #expect(lab.username == "myhub.azure-devices.net/kepware-01/?api-version=2021-04-12")
        #expect(throws: GatewayMQTTSettingsError.badPort(0)) {
            try GatewayMQTTSettings(gatewayHostName: "gw", hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "d"), port: 0)
        }
    }

    @Test(arguments: ["", "edge gw", "ssl://edge", "edge:8883"])
    func refusesBadGatewayNames(gateway: String) throws {
        #expect(throws: GatewayMQTTSettingsError.self) {
            try GatewayMQTTSettings(gatewayHostName: gateway, hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "d"))
        }
    }

    @Test func qosTwoIsRefusedWithTheReason() throws {
        #expect(throws: MQTTQoSError.exactlyOnceNotSupported) { try MQTTQoS(level: 2) }
        #expect(MQTTQoSError.exactlyOnceNotSupported.description.contains("close the connection"))
        #expect(throws: MQTTQoSError.notALevel(3)) { try MQTTQoS(level: 3) }
        #expect(try MQTTQoS(level: 0) == .atMostOnce)
        #expect(try MQTTQoS(level: 1) == .atLeastOnce)
    }
}
