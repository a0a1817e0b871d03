import Foundation
import KepEdgeTestSupport
import Testing

/// `kepedge agent print` end to end through the built binary.
@Suite struct AgentPrintCommandTests {
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let base = ["agent", "print", "--gateway", "edge-gw.plant.local", "--hub", "myhub", "--device", "kepware-01"]

    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    func freshToken() async throws -> String {
        let made = try await runner.run(["sas", "--hub", "myhub", "--device", "kepware-01", "--key", Self.key, "--ttl", "1d"])
        return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func cardMasksTheTokenUnlessShown() async throws {
        let token = try await freshToken()
        let masked = try await runner.run(Self.base, environment: ["KEPEDGE_SAS_TOKEN": token])
        #expect(masked.exitCode == 0, "\(masked.stderr)")
        #expect(masked.stdout.contains("ssl://edge-gw.plant.local:8883"))
        #expect(masked.stdout.contains("devices/kepware-01/messages/events/"))
        #expect(masked.stdout.contains("myhub.azure-devices.net/kepware-01/?api-version=2021-04-12"))
        #expect(masked.stdout.contains("••••••••"))
        #expect(!masked.stdout.contains(token))
        #expect(!masked.stdout.contains("sig="))

        let shown = try await runner.run(Self.base + ["--show-secrets"], environment: ["KEPEDGE_SAS_TOKEN": token])
        #expect(shown.stdout.contains(token))
    }

    @Test func jsonIsTheConfigurationBodyWithThePasswordMasked() async throws {
        let token = try await freshToken()
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", token)
        let result = try await runner.run(Self.base + ["--password-file", tokenFile, "--json", "--api-version", "2018-06-30"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(body["iot_gateway.AGENTTYPES_TYPE"] as? String == "MQTT Client")
        #expect(body["iot_gateway.MQTT_CLIENT_USERNAME"] as? String == "myhub.azure-devices.net/kepware-01/?api-version=2018-06-30")
        #expect(body["iot_gateway.MQTT_CLIENT_QOS"] as? Int == 1)
        #expect(body["iot_gateway.MQTT_CLIENT_PASSWORD"] as? String == "••••••••")
        #expect(!result.stdout.contains("sig="))

        let shown = try await runner.run(Self.base + ["--password-file", tokenFile, "--json", "--show-secrets"])
        let shownBody = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(shownBody["iot_gateway.MQTT_CLIENT_PASSWORD"] as? String == token)
    }

    @Test(arguments: [
        (["--qos", "2"], "QoS 2"),
        (["--qos", "x"], "--qos"),
        (["--gateway", "edge gw"], "--gateway"),
        (["--device", "kep ware"], "--device"),
        (["--api-version", ""], "--api-version"),
        (["--agent-name", "_x"], "--agent-name"),
        (["--password", "not a token"], "--password"),
        (["--password", "SharedAccessSignature sr=otherhub.azure-devices.net%2Fdevices%2Fkepware-01&sig=a%3D&se=1900000000"], "otherhub"),
    ])
    func badInputIsOneLineAndExitTwo(extra: [String], mentions: String) async throws {
        let result = try await runner.run(Self.base + extra)
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(result.stderr)")
    }

    @Test func missingGatewayIsNamed() async throws {
        let result = try await runner.run(["agent", "print", "--hub", "myhub", "--device", "d"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines == ["kepedge: --gateway is missing: give the IoT Edge gateway's host name as its config names it"])
    }
}
