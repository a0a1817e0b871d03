import Foundation
import KepEdgeCore
import Testing

@Suite struct RegistryValuesTests {
    @Test func createBodyHasNullKeysAndTheParentScope() throws {
        let body = try RegistryRequest.createDevice(.newLeaf(id: DeviceID(validating: "kepware-01"), parentScope: "ms-azure-iot-edge://gw-1"))
        #expect(body.ifMatch == nil)
        #expect(body.pathAndQuery == "/devices/kepware-01?api-version=2021-04-12")
        let data = try #require(body.body)
        let json = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let auth = try #require(json["authentication"] as? [String: Any])
        let keys = try #require(auth["symmetricKey"] as? [String: Any])
        #expect(auth["type"] as? String == "sas")
        #expect(keys["primaryKey"] is NSNull && keys["secondaryKey"] is NSNull)
        #expect(json["deviceScope"] as? String == "ms-azure-iot-edge://gw-1")
        #expect(json["parentScopes"] as? [String] == ["ms-azure-iot-edge://gw-1"])
        #expect((json["capabilities"] as? [String: Any])?["iotEdge"] as? Bool == false)
    }

    @Test func updateQuotesTheETagOnce() throws {
        let device = RegistryDevice(deviceId: "d")
        #expect(try RegistryRequest.updateDevice(device, etag: "AAAA=").ifMatch == "\"AAAA=\"")
        #expect(try RegistryRequest.updateDevice(device, etag: "\"AAAA=\"").ifMatch == "\"AAAA=\"")
        #expect(RegistryRequest.edgeHubTwin(edgeDevice: "gw-01").pathAndQuery == "/twins/gw-01/modules/$edgeHub?api-version=2021-04-12")
    }

    @Test func deviceDescriptionNeverShowsKeys() {
        let device = RegistryDevice(deviceId: "d", authentication: .init(type: "sas", symmetricKey: .init(primaryKey: "c2VjcmV0a2V5", secondaryKey: "b3RoZXI=")))
        #expect(!device.description.contains("c2VjcmV0a2V5"))
        #expect(!"\(device)".contains("b3RoZXI="))
    }

    @Test func iotHubErrorBodiesAreRead() {
        let body = RegistryErrorBody(json: Data(#"{"Message":"ErrorCode:DeviceAlreadyExists;A device with ID 'x' is already registered.","ExceptionMessage":"Tracking ID:abc"}"#.utf8))
        #expect(body?.errorCode == "DeviceAlreadyExists")
        #expect(body?.message == "A device with ID 'x' is already registered.")
        #expect(RegistryErrorBody(json: Data("<html>proxy</html>".utf8)) == nil)
        #expect(RegistryErrorBody(json: RegistryErrorBody.json(errorCode: "DeviceNotFound", message: "m"))?.errorCode == "DeviceNotFound")
    }

    @Test(arguments: [(401, RegistryFailure.Kind.unauthorized), (404, .notFound), (409, .conflict), (412, .preconditionFailed), (429, .throttled), (500, .unexpectedStatus)])
    func statusesBecomeVerdictsWithAFix(status: Int, kind: RegistryFailure.Kind) {
        let failure = RegistryFailure.from(status: status, body: nil, what: "device kepware-01", hub: "myhub.azure-devices.net")
        #expect(failure.kind == kind)
        #expect(!failure.fix.isEmpty)
        #expect(failure.status == status)
    }

    @Test func unauthorizedMentionsPolicyAndClock() {
        let text = RegistryFailure.from(status: 401, body: nil, what: "x", hub: "h").description
        #expect(text.contains("SharedAccessKeyName"))
        #expect(text.contains("clock"))
    }

    @Test func routesAsStringsOrObjectsAndOnlyDownstreamToUpstreamCounts() throws {
        let twin = #"{"properties":{"desired":{"routes":{"a":"FROM /messages/modules/filter/outputs/* INTO $upstream","b":{"route":"FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream","priority":0}}}}}"#
        let routes = try #require(EdgeHubRoutes(twinJSON: Data(twin.utf8)))
        #expect(routes.routes.count == 2)
        #expect(routes.downstreamToUpstream.map(\.name) == ["b"])
        #expect(routes.check(edgeDevice: "gw").status == .ok)
        let none = try #require(EdgeHubRoutes(twinJSON: Data(#"{"properties":{"desired":{}}}"#.utf8)))
        let check = none.check(edgeDevice: "gw")
        #expect(check.status == .error)
        #expect(check.fix?.contains("INTO $upstream") == true)
        #expect(EdgeHubRoutes(twinJSON: Data("nope".utf8)) == nil)
        let toModule = EdgeHubRoutes(routes: [.init(name: "f", statement: "FROM /messages/* INTO BrokeredEndpoint(\"/modules/filter/inputs/in\")")])
        #expect(toModule.check(edgeDevice: "gw").status == .warning)
        let moduleOnly = EdgeHubRoutes(routes: [.init(name: "m", statement: "FROM /messages/modules/filter/outputs/* INTO $upstream")])
        #expect(moduleOnly.check(edgeDevice: "gw").status == .error)
    }

    @Test func azCommandsQuoteOddValues() throws {
        let commands = AzCLICommands.register(hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "kep'ware(1)"), edgeDevice: try DeviceID(validating: "gw-01"))
        #expect(commands[0] == "az extension add --name azure-iot")
        #expect(commands[1].contains("-d 'kep'\\''ware(1)'"))
        #expect(commands[1].contains("--device-scope \"$(az iot hub device-identity show -n myhub -d gw-01 --query deviceScope -o tsv)\""))
    }
}
