import Foundation
import KepEdgeCore
import Testing

@Suite struct IoTHubHostTests {
    @Test(arguments: [
        ("myhub", "myhub.azure-devices.net"),
        ("myhub.azure-devices.net", "myhub.azure-devices.net"),
        ("MyHub", "MyHub.azure-devices.net"),
        ("sdbedgeIoTHub.azure-devices.net", "sdbedgeIoTHub.azure-devices.net"),
        (" myhub.azure-devices.net\n", "myhub.azure-devices.net"),
        ("https://myhub.azure-devices.net/", "myhub.azure-devices.net"),
        ("myhub.azure-devices.cn", "myhub.azure-devices.cn"),
    ])
    func acceptsShortAndFullNames(input: String, hostName: String) throws {
        let host = try IoTHubHost(parsing: input)
        #expect(host.hostName == hostName)
        #expect(host.name == hostName.split(separator: ".").first.map(String.init))
    }

    @Test func badCharacterIsNamedWithTheInput() {
        do {
            _ = try IoTHubHost(parsing: "my hub")
            Issue.record("a space must be refused")
        } catch {
            #expect(error.description.contains("\"my hub\""))
            #expect(error.description.contains("character ' ' at position 3"))
        }
    }

    @Test(arguments: ["", "   ", "my_hub", "-hub", "hub..azure-devices.net", "hub.azure-devices.net:8883"])
    func refusesMalformedNames(input: String) {
        #expect(throws: IoTHubHostError.self) { try IoTHubHost(parsing: input) }
    }

    /// IoT Edge 1.1 compares the token's hub with its connection string's spelling, case included (issue 13 §1).
    @Test func keepsTheHubsSpellingAndKnowsCaseOnlyDifferences() throws {
        let seed = try IoTHubHost(parsing: "sdbedgeIoTHub")
        let lowered = try IoTHubHost(parsing: "sdbedgeiothub.azure-devices.net")
        #expect(seed.hostName == "sdbedgeIoTHub.azure-devices.net")
        #expect(seed.name == "sdbedgeIoTHub")
        #expect(seed.isSameHub(as: lowered))
        #expect(seed.differsOnlyInCase(from: lowered))
        #expect(!seed.differsOnlyInCase(from: seed))
        #expect(!seed.isSameHub(as: try IoTHubHost(parsing: "otherhub")))
    }

    @Test func emptyInputSaysSo() {
        #expect(throws: IoTHubHostError(input: "", reason: "is empty")) { try IoTHubHost(parsing: "") }
    }

    @Test func codableRoundTripsAndValidates() throws {
        let data = try JSONEncoder().encode(try IoTHubHost(parsing: "myhub"))
        #expect(String(decoding: data, as: UTF8.self) == "\"myhub.azure-devices.net\"")
        #expect(try JSONDecoder().decode(IoTHubHost.self, from: data).hostName == "myhub.azure-devices.net")
        #expect(throws: (any Error).self) { try JSONDecoder().decode(IoTHubHost.self, from: Data("\"bad host\"".utf8)) }
    }
}
