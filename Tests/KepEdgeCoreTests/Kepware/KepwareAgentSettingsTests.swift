import Foundation
import KepEdgeCore
import Testing

@Suite struct KepwareAgentSettingsTests {
    static let token = "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fkepware-01&sig=abcDEF%2Bghi%3D&se=1900000000"

    func agent() throws -> KepwareAgentSettings {
        let mqtt = try GatewayMQTTSettings(gatewayHostName: "edge-gw.plant.local", hub: try IoTHubHost(parsing: "myhub"),
                                           device: try DeviceID(validating: "kepware-01"))
        return try KepwareAgentSettings(mqtt: mqtt, password: Secret(Self.token), agentName: "kepware-01")
    }

    @Test func postBodyMatchesPTCsAzureTemplateKeyByKey() throws {
        let body = try agent().configurationAPIBody(includePassword: true)
        let expected: [String: JSONValue] = [
            "common.ALLTYPES_NAME": .string("kepware-01"),
            "common.ALLTYPES_DESCRIPTION": .string(""),
            "iot_gateway.AGENTTYPES_TYPE": .string("MQTT Client"),
            "iot_gateway.AGENTTYPES_ENABLED": .bool(true),
            "iot_gateway.MQTT_CLIENT_URL": .string("ssl://edge-gw.plant.local:8883"),
            "iot_gateway.MQTT_CLIENT_TOPIC": .string("devices/kepware-01/messages/events/"),
            "iot_gateway.MQTT_CLIENT_QOS": .int(1),
            "iot_gateway.AGENTTYPES_RATE_MS": .int(10000),
            "iot_gateway.AGENTTYPES_PUBLISH_FORMAT": .int(0),
            "iot_gateway.AGENTTYPES_MAX_EVENTS": .int(1000),
            "iot_gateway.AGENTTYPES_TIMEOUT_S": .int(5),
            "iot_gateway.AGENTTYPES_MESSAGE_FORMAT": .int(0),
            "iot_gateway.AGENTTYPES_STANDARD_TEMPLATE": .string("timestamp: |SERVERTIMESTAMP|\r\nvalues: |VALUES|\r\n"),
            "iot_gateway.AGENTTYPES_EXPANSION_OF_VALUES": .string("id: |TAGNAME|\r\nv: |TAGVALUE|\r\nq: |TAGQUALITY|\r\nt: |TAGTIMESTAMP|\r\n"),
            "iot_gateway.AGENTTYPES_ADVANCED_TEMPLATE": .string(
                "{\r\n \"timestamp\": |SERVERTIMESTAMP|,\r\n  \"values\": [\r\n   |#each VALUES|\r\n    {\"id\": \"|TAGNAME|\", \"v\": |VALUE|, \"q\": |QUALITY|, \"t\": |TIMESTAMP| } |#unless @last|,|/unless|\r\n   |/each|\r\n  ]\r\n}"),
            "iot_gateway.MQTT_CLIENT_CLIENT_ID": .string("kepware-01"),
            "iot_gateway.MQTT_CLIENT_USERNAME": .string("myhub.azure-devices.net/kepware-01/?api-version=2021-04-12"),
            "iot_gateway.MQTT_CLIENT_PASSWORD": .string(Self.token),
            "iot_gateway.MQTT_TLS_VERSION": .int(0),
            "iot_gateway.MQTT_CLIENT_CERTIFICATE": .bool(false),
            "iot_gateway.MQTT_CLIENT_ENABLE_LAST_WILL": .bool(false),
            "iot_gateway.MQTT_CLIENT_LAST_WILL_TOPIC": .string(""),
            "iot_gateway.MQTT_CLIENT_LAST_WILL_MESSAGE": .string(""),
            "iot_gateway.MQTT_CLIENT_ENABLE_WRITE_TOPIC": .bool(false),
            "iot_gateway.MQTT_CLIENT_WRITE_TOPIC": .string("iotgateway/write"),
        ]
        guard case .object(let members) = body else {
            Issue.record("the body must be a JSON object")
            return
        }
        #expect(Set(members.keys) == Set(expected.keys))
        for (key, value) in expected {
            #expect(members[key] == value, "\(key)")
        }
    }

    @Test func passwordIsLeftOutOrMaskedUnlessAskedFor() throws {
        let settings = try agent()
        #expect(settings.configurationAPIBody(includePassword: false)["iot_gateway.MQTT_CLIENT_PASSWORD"] == nil)
        #expect(settings.configurationAPIBody(password: .masked)["iot_gateway.MQTT_CLIENT_PASSWORD"] == .string("••••••••"))
        let encoded = try JSONEncoder().encode(settings.configurationAPIBody(password: .masked))
        #expect(!String(decoding: encoded, as: UTF8.self).contains("sig="))
    }

    @Test func integersStayIntegersOnTheWire() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(try agent().configurationAPIBody(includePassword: false)), as: UTF8.self)
        #expect(text.contains("\"iot_gateway.AGENTTYPES_RATE_MS\":10000"))
        #expect(text.contains("\"iot_gateway.MQTT_CLIENT_QOS\":1"))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(decoded == (try agent().configurationAPIBody(includePassword: false)))
    }

    @Test func propertiesWithoutATemplateDefaultAppearOnlyWhenSet() throws {
        var settings = try agent()
        #expect(settings.configurationAPIBody(includePassword: false)["iot_gateway.AGENTTYPES_SEND_INITIAL_UPDATE"] == nil)
        settings.sendInitialUpdate = true
        settings.publishType = 1
        settings.ignoreQualityChanges = false
        let body = settings.configurationAPIBody(includePassword: false)
        #expect(body["iot_gateway.AGENTTYPES_SEND_INITIAL_UPDATE"] == .bool(true))
        #expect(body["iot_gateway.AGENTTYPES_PUBLISH_TYPE"] == .int(1))
        #expect(body["iot_gateway.IGNORE_QUALITY_CHANGES"] == .bool(false))
    }

    @Test func rotationBodyCarriesOnlyThePasswordAndTheUpdateGuard() {
        let secret = Secret(Self.token)
        #expect(KepwareAgentSettings.passwordUpdateBody(password: secret, projectID: nil)
            == .object(["iot_gateway.MQTT_CLIENT_PASSWORD": .string(Self.token), "FORCE_UPDATE": .bool(true)]))
        #expect(KepwareAgentSettings.passwordUpdateBody(password: secret, projectID: 4_242_424)
            == .object(["iot_gateway.MQTT_CLIENT_PASSWORD": .string(Self.token), "PROJECT_ID": .int(4_242_424)]))
    }

    @Test func agentNamesKepwareRefusesAreCaught() throws {
        let mqtt = try GatewayMQTTSettings(gatewayHostName: "gw", hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "d"))
        #expect(throws: KepwareAgentSettingsError.emptyName) { try KepwareAgentSettings(mqtt: mqtt, password: Secret(""), agentName: " ") }
        #expect(throws: KepwareAgentSettingsError.leadingUnderscore("_agent")) {
            try KepwareAgentSettings(mqtt: mqtt, password: Secret(""), agentName: "_agent")
        }
    }

    @Test func itemNamesFollowKepwaresConvention() {
        #expect(KepwareIoTItem(serverTag: "Channel1.Device1.Tag1").name == "Channel1_Device1_Tag1")
        #expect(KepwareIoTItem(serverTag: "_System._Time").name == "System__Time")
        #expect(KepwareIoTItem(serverTag: "_System._TotalTagCount").name == "System__TotalTagCount")
        #expect(KepwareIoTItem(serverTag: "Channel1.Device1.Acceleration_X").name == "Channel1_Device1_Acceleration_X")
    }

    @Test func itemBody() {
        #expect(KepwareIoTItem(serverTag: "_System._Time").configurationAPIBody == .object([
            "common.ALLTYPES_NAME": .string("System__Time"),
            "iot_gateway.IOT_ITEM_SERVER_TAG": .string("_System._Time"),
            "iot_gateway.IOT_ITEM_USE_SCAN_RATE": .bool(true),
            "iot_gateway.IOT_ITEM_SCAN_RATE_MS": .int(1000),
            "iot_gateway.IOT_ITEM_SEND_EVERY_SCAN": .bool(false),
            "iot_gateway.IOT_ITEM_DEADBAND_PERCENT": .int(0),
            "iot_gateway.IOT_ITEM_ENABLED": .bool(true),
            "iot_gateway.IOT_ITEM_DATA_TYPE": .int(-1),
        ]))
    }

    @Test func settingsCardMasksThePasswordUnlessRevealed() throws {
        let settings = try agent()
        let masked = KepwareSettingsCard(settings: settings, revealSecrets: false)
        let values = Dictionary(uniqueKeysWithValues: masked.rows.map { ($0.label, $0.value) })
        #expect(values["URL"] == "ssl://edge-gw.plant.local:8883")
        #expect(values["Topic"] == "devices/kepware-01/messages/events/")
        #expect(values["Client ID"] == "kepware-01")
        #expect(values["Username"] == "myhub.azure-devices.net/kepware-01/?api-version=2021-04-12")
        #expect(values["Password"] == "••••••••")
        #expect(values["QoS"] == "1 (At least once)")
        #expect(values["TLS Version"] == "Default")
        #expect(masked.rows.first { $0.label == "Username" }?.note?.contains("api-version=2021-04-12") == true)
        #expect(!String(describing: masked).contains("sig="))

        let now = Date(timeIntervalSince1970: 1_900_000_000)
        let withExpiry = KepwareSettingsCard(settings: settings, revealSecrets: false,
                                             tokenExpiry: now.addingTimeInterval(86_400 * 2), now: now)
        #expect(withExpiry.rows.first { $0.label == "Password" }?.note?.hasSuffix("expires in 2 days, 2030-03-19T17:46:40Z") == true)

        let revealed = KepwareSettingsCard(settings: settings, revealSecrets: true)
        #expect(revealed.rows.first { $0.label == "Password" }?.value == Self.token)
    }
}
