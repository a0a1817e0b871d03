import KepEdgeCore
import Testing

@Suite struct ConnectionStringTests {
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="

    @Test func deviceStringRoundTrips() throws {
        let text = "HostName=myhub.azure-devices.net;DeviceId=kepware-01;SharedAccessKey=\(Self.key)"
        let parsed = try DeviceConnectionString(parsing: text)
        #expect(parsed.hub.hostName == "myhub.azure-devices.net")
        #expect(parsed.device.rawValue == "kepware-01")
        #expect(parsed.key.base64.revealed == Self.key)
        #expect(parsed.gatewayHostName == nil)
        #expect(parsed.connectionString.revealed == text)
    }

    @Test func deviceStringWithGatewayAnyCaseAndTrailingSemicolon() throws {
        let text = "hostname=myhub.azure-devices.net; deviceid=kepware-01;SharedAccessKey=\(Self.key);GatewayHostName=edge-gw.plant.local;"
        let parsed = try DeviceConnectionString(parsing: text)
        #expect(parsed.gatewayHostName == "edge-gw.plant.local")
        #expect(parsed.connectionString.revealed
            == "HostName=myhub.azure-devices.net;DeviceId=kepware-01;SharedAccessKey=\(Self.key);GatewayHostName=edge-gw.plant.local")
    }

    @Test func hubOwnerStringRoundTrips() throws {
        let text = "HostName=myhub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=\(Self.key)"
        let parsed = try HubOwnerConnectionString(parsing: text)
        #expect(parsed.policyName == "iothubowner")
        #expect(parsed.connectionString.revealed == text)
    }

    @Test(arguments: [
        ("", ConnectionStringError.empty),
        ("HostName=h.azure-devices.net;DeviceId=d", .missing(part: "SharedAccessKey")),
        ("DeviceId=d;SharedAccessKey=kew=", .missing(part: "HostName")),
        ("HostName=h.azure-devices.net;SharedAccessKey=kew=", .missing(part: "DeviceId")),
        ("HostName=;DeviceId=d;SharedAccessKey=kew=", .emptyValue(part: "HostName")),
        ("HostName=h;DeviceId=d;SharedAccessKey=kew=;Foo=1", .unknownPart(name: "Foo")),
        ("HostName=h;DeviceId=d;DeviceId=e;SharedAccessKey=kew=", .duplicatePart(name: "DeviceId")),
        ("HostName=h;DeviceId=d;\(key)", .unrecognisedPiece(index: 3)),
        ("HostName=h;DeviceId=d;justakey", .pieceWithoutEquals(index: 3)),
        ("HostName=h;DeviceId=d;SharedAccessKey=key", .badKey(.notBase64(reason: "its length, 3, is not a multiple of 4: it looks truncated"))),
        ("HostName=h;DeviceId=a b;SharedAccessKey=kew=", .badDeviceID(.characterNotAllowed(id: "a b", character: " ", position: 2))),
        ("HostName=h;DeviceId=d;SharedAccessKey=kew=;ModuleId=m", .unknownPart(name: "ModuleId")),
    ])
    func deviceStringErrorsNameThePart(input: String, expected: ConnectionStringError) {
        #expect(throws: expected) { try DeviceConnectionString(parsing: input) }
    }

    @Test func errorTextsReadAsAsked() {
        #expect(ConnectionStringError.missing(part: "SharedAccessKey").description == "missing SharedAccessKey")
        #expect(ConnectionStringError.emptyValue(part: "HostName").description == "HostName is empty")
        #expect(ConnectionStringError.unknownPart(name: "Foo").description == "unknown part 'Foo'")
    }

    @Test func hubStringWhereDeviceStringIsExpectedAndBack() {
        let hub = "HostName=h.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=kew="
        let device = "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=kew="
        #expect(throws: ConnectionStringError.self) { try DeviceConnectionString(parsing: hub) }
        #expect(throws: ConnectionStringError.self) { try HubOwnerConnectionString(parsing: device) }
        #expect(throws: ConnectionStringError.missing(part: "SharedAccessKeyName")) {
            try HubOwnerConnectionString(parsing: "HostName=h.azure-devices.net;SharedAccessKey=kew=")
        }
    }

    @Test func noKeyInAnyDescriptionOrError() throws {
        let device = try DeviceConnectionString(parsing: "HostName=h;DeviceId=d;SharedAccessKey=\(Self.key)")
        let hub = try HubOwnerConnectionString(parsing: "HostName=h;SharedAccessKeyName=iothubowner;SharedAccessKey=\(Self.key)")
        for rendering in [device.description, String(describing: device), String(reflecting: device), "\(device.connectionString)",
                          hub.description, String(describing: hub), String(reflecting: hub)] {
            #expect(!rendering.contains("XLy"), "leaked in: \(rendering)")
        }
        #expect(device.description == "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=••••••••")

        let broken = "HostName=h;DeviceId=d;SharedAccessKey=\(Self.key.dropLast(2))"
        do {
            _ = try DeviceConnectionString(parsing: broken)
            Issue.record("a truncated key must be refused")
        } catch {
            #expect(error.description.hasPrefix("SharedAccessKey: "))
            #expect(!error.description.contains("XLy"))
        }
    }
}
