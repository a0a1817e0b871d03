import Foundation
import KepEdgeCore
import Testing

@Suite struct IoTHubHostTests {
    @Test(arguments: [
        ("myhub", "myhub.azure-devices.net"),
        ("myhub.azure-devices.net", "myhub.azure-devices.net"),
        ("MyHub", "myhub.azure-devices.net"),
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
