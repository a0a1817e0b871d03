import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeTestSupport
import Testing

/// `kepedge register`, `agent push`, `agent rotate` and `kepware log` end to end through the binary,
/// against the fake hub and the fake Kepware on loopback.
@Suite(.serialized)
struct RegistryAndAgentCommandTests {
    static let ownerKey = Data((0..<32).map { UInt8($0 + 1) }).base64EncodedString()
    static let deviceKey = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let hubHost = "lab-hub.azure-devices.net"

    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    @Test func registerCreatesTheDeviceAndMasksItsConnectionString() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hub = try await FakeIoTHub.start(hubHost: Self.hubHost, policies: ["iothubowner": .init(key: try SharedAccessKey(base64: Self.ownerKey), registryWrite: true)],
                                             directory: directory.path)
        let edge = await hub.addEdgeDevice("gw-01")
        let ownerFile = try directory.write("owner.txt", "HostName=\(Self.hubHost);SharedAccessKeyName=iothubowner;SharedAccessKey=\(Self.ownerKey)\n")
        let arguments = ["register", "--device", "kepware-01", "--edge-device", "gw-01", "--owner-connection-string-file", ownerFile,
                         "--registry-endpoint", "127.0.0.1:\(hub.port)", "--registry-ca", hub.caFile, "--json"]
        let result = try await runner.run(arguments)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let stored = try #require(await hub.snapshot().first { $0.deviceId == "kepware-01" })
        #expect(stored.deviceScope == edge.deviceScope)
        #expect(result.stdout.contains("\"action\" : \"created\""))
        #expect(!result.stdout.contains(stored.authentication?.symmetricKey?.primaryKey ?? "missing"))
        #expect(!result.stdout.contains(Self.ownerKey))

        // Again: it exists with the right parent; nothing changes.
        let again = try await runner.run(arguments)
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(again.stdout.contains("\"action\" : \"existed\""))

        // No such edge device: one line, exit 1.
        let missing = try await runner.run(["register", "--device", "kepware-02", "--edge-device", "gw-none", "--owner-connection-string-file", ownerFile,
                                            "--registry-endpoint", "127.0.0.1:\(hub.port)", "--registry-ca", hub.caFile])
        #expect(missing.exitCode == 1)
        #expect(missing.stderrLines.count == 1)
        #expect(missing.stderr.contains("edge device gw-none"))
        await hub.stop()
    }

    @Test func registerWithoutCredentialsPrintsTheAzCommands() async throws {
        let result = try await runner.run(["register", "--hub", "myhub", "--device", "kepware-01", "--edge-device", "gw-01"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("az extension add --name azure-iot"))
        #expect(result.stdout.contains("az iot hub device-identity create -n myhub -d kepware-01 --device-scope \"$(az iot hub device-identity show -n myhub -d gw-01 --query deviceScope -o tsv)\""))
        #expect(result.stdout.contains("az iot hub device-identity parent set --device-id kepware-01 --parent-device-id gw-01 -n myhub"))
        #expect(result.stdout.contains("az iot hub device-identity connection-string show -n myhub -d kepware-01"))
    }

    @Test func pushRotateAndLogAgainstTheFakeKepware() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": "plant-pass"], runner: FixedAgentRunner(.connected),
                                                           knownTags: ["Channel1.Device1.Tag1"])
        let environment = ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": "plant-pass"]
        let state = directory.file("rotation.json")
        let connection = ["--kepware-host", "localhost", "--kepware-http", "--kepware-port", String(kepware.port), "--state-file", state]

        let push = try await runner.run(["agent", "push", "--gateway", "gw.plant.local", "--hub", "lab-hub", "--device", "kepware-01",
                                         "--item", "Channel1.Device1.Tag1", "--wait", "5", "--token-lifetime", "3d"] + connection, environment: environment)
        #expect(push.exitCode == 0, "\(push.stderr)")
        #expect(push.stdout.contains("created"))
        #expect(push.stdout.contains("cannot be read back"))
        #expect(push.stderr.contains("127.0.0.1 instead of localhost"))
        let stored = try #require(await kepware.agent("kepware-01"))
        let token = try SASToken(parsing: try #require(stored[KepwarePropertyKey.password]?.stringValue))
        #expect(token.verify(with: try SharedAccessKey(base64: Self.deviceKey)))
        #expect(!push.stdout.contains(token.value.revealed))
        let attributes = try FileManager.default.attributesOfItem(atPath: state)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let saved = try String(contentsOfFile: state, encoding: .utf8)
        #expect(saved.contains("\(token.expiryEpoch)"))
        #expect(!saved.contains("sig"))

        // A 3-day token is not expiring within 2 days: nothing happens, exit 0.
        let requestsBefore = await kepware.requests().count
        let idle = try await runner.run(["agent", "rotate", "--hub", "lab-hub", "--device", "kepware-01", "--if-expiring-within", "2d"] + connection,
                                        environment: environment)
        #expect(idle.exitCode == 0, "\(idle.stderr)")
        #expect(idle.stdout.contains("nothing to do"))
        #expect(await kepware.requests().count == requestsBefore)

        // Within 7 days: only the password is PUT, with the current PROJECT_ID, and the agent reconnects.
        let rotate = try await runner.run(["agent", "rotate", "--hub", "lab-hub", "--device", "kepware-01", "--if-expiring-within", "7d",
                                           "--wait", "5", "--json"] + connection, environment: environment)
        #expect(rotate.exitCode == 0, "\(rotate.stderr)")
        #expect(rotate.stdout.contains("\"rotated\" : true"))
        let put = try #require(await kepware.requests().last { $0.method == "PUT" })
        guard case .object(let members)? = put.body else { Issue.record("the PUT had no object body"); return }
        #expect(Set(members.keys) == [KepwarePropertyKey.password, KepwarePropertyKey.projectID])
        let newToken = try SASToken(parsing: try #require(await kepware.agent("kepware-01")?[KepwarePropertyKey.password]?.stringValue))
        #expect(newToken.expiryEpoch > token.expiryEpoch)
        #expect(try String(contentsOfFile: state, encoding: .utf8).contains("\(newToken.expiryEpoch)"))

        let log = try await runner.run(["kepware", "log", "--agent", "kepware-01", "--kepware-http", "--kepware-port", String(kepware.port)], environment: environment)
        #expect(log.exitCode == 0, "\(log.stderr)")
        #expect(log.stdout.contains("MQTT agent 'kepware-01' is connected to broker 'ssl://gw.plant.local:8883'"))

        let wrongPassword = try await runner.run(["kepware", "log", "--kepware-http", "--kepware-port", String(kepware.port)], environment: ["KEPEDGE_KEPWARE_PASSWORD": "nope"])
        #expect(wrongPassword.exitCode == 1)
        #expect(wrongPassword.stderr.contains("401"))
        await kepware.stop()
    }

    @Test func pushReportsAFailedItemAndANeverConnectingAgent() async throws {
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": "plant-pass"], runner: FixedAgentRunner(.failed("not authorized")),
                                                           knownTags: ["Channel1.Device1.Tag1"])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await runner.run(["agent", "push", "--gateway", "gw.plant.local", "--hub", "lab-hub", "--device", "kepware-01",
                                           "--item", "Channel1.Device1.Tag1", "--item", "Channel1.Device1.Nope", "--wait", "2",
                                           "--kepware-http", "--kepware-port", String(kepware.port), "--state-file", directory.file("s.json")],
                                          environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": "plant-pass"])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("Channel1_Device1_Nope"))
        #expect(result.stdout.contains("NOT connected"))
        #expect(result.stdout.contains("not authorized"))
        await kepware.stop()
    }

    @Test func pushWithoutTheIoTGatewayPlugInSaysSo() async throws {
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": "plant-pass"], runner: FixedAgentRunner(.connected))
        await kepware.setIoTGatewayInstalled(false)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await runner.run(["agent", "push", "--gateway", "gw.plant.local", "--hub", "lab-hub", "--device", "kepware-01",
                                           "--kepware-http", "--kepware-port", String(kepware.port), "--state-file", directory.file("s.json")],
                                          environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": "plant-pass"])
        #expect(result.exitCode == 1, "\(result.stderr)")
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("IoT Gateway plug-in"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("s.json")))
        await kepware.stop()
    }

    @Test func httpsWithoutATrustChoiceShowsTheFingerprintToConfirm() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": "plant-pass"], runner: FixedAgentRunner(.silent), httpsIn: directory.path)
        let fingerprint = try #require(try kepware.certificates?.fingerprint())
        let environment = ["KEPEDGE_KEPWARE_PASSWORD": "plant-pass"]
        let asked = try await runner.run(["kepware", "log", "--kepware-https", "--kepware-port", String(kepware.port)], environment: environment)
        #expect(asked.exitCode == 2)
        #expect(asked.stderr.contains(fingerprint))
        let confirmed = try await runner.run(["kepware", "log", "--kepware-port", String(kepware.port), "--kepware-fingerprint", fingerprint], environment: environment)
        #expect(confirmed.exitCode == 0, "\(confirmed.stderr)")
        let wrong = try await runner.run(["kepware", "log", "--kepware-port", String(kepware.port), "--kepware-fingerprint", String(repeating: "00:", count: 31) + "00"], environment: environment)
        #expect(wrong.exitCode == 1)
        #expect(wrong.stderr.contains("fingerprint"))
        await kepware.stop()
    }

    @Test func rotateReadsTheDeviceKeyFromTheRegistryWhenNoKeyIsGiven() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hub = try await FakeIoTHub.start(hubHost: Self.hubHost, policies: ["iothubowner": .init(key: try SharedAccessKey(base64: Self.ownerKey), registryWrite: true)],
                                             directory: directory.path)
        let edge = await hub.addEdgeDevice("gw-01")
        let device = await hub.addDevice("kepware-01", scope: edge.deviceScope)
        let kepware = try await FakeKepwareConfigAPI.start(users: ["Administrator": "plant-pass"], runner: FixedAgentRunner(.connected))
        let created = try await runner.run(["agent", "push", "--gateway", "gw.plant.local", "--hub", "lab-hub", "--device", "kepware-01", "--wait", "0",
                                            "--kepware-http", "--kepware-port", String(kepware.port), "--state-file", directory.file("push.json")],
                                           environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": "plant-pass"])
        #expect(created.exitCode == 0, "\(created.stderr)")
        let owner = "HostName=\(Self.hubHost);SharedAccessKeyName=iothubowner;SharedAccessKey=\(Self.ownerKey)"
        let soon = Int(Date().timeIntervalSince1970) + 3_600
        let result = try await runner.run(["agent", "rotate", "--hub", "lab-hub", "--device", "kepware-01", "--current-expiry", String(soon),
                                           "--registry-endpoint", "127.0.0.1:\(hub.port)", "--registry-ca", hub.caFile, "--wait", "5",
                                           "--kepware-http", "--kepware-port", String(kepware.port), "--state-file", directory.file("rotate.json")],
                                          environment: ["KEPEDGE_HUB_OWNER_CONNECTION_STRING": owner, "KEPEDGE_KEPWARE_PASSWORD": "plant-pass"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("old expiry"))
        let token = try SASToken(parsing: try #require(await kepware.agent("kepware-01")?[KepwarePropertyKey.password]?.stringValue))
        let registryKey = try #require(device.primaryKey)
        #expect(token.verify(with: registryKey))
        await kepware.stop()
        await hub.stop()
    }

    @Test func rotateWithoutStateOrExpiryIsAnInputError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await runner.run(["agent", "rotate", "--hub", "lab-hub", "--device", "kepware-01", "--state-file", directory.file("none.json")],
                                          environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey, "KEPEDGE_KEPWARE_PASSWORD": "x"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("--current-expiry"))
    }

    /// Issue 17 item 8: the daily job must rotate exactly as the command line asked (HTTPS, the timeout, the registry
    /// options), and a device id holding `%` and `$` must reach kepedge as typed after systemd's expansions.
    @Test func printTimerCarriesEveryOptionThroughSystemdsExpansions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let device = "kep%i$ware'1"
        let result = try await runner.run([
            "agent", "rotate", "--hub", "lab-hub", "--device", device, "--kepware-host", "10.0.0.5", "--kepware-https",
            "--kepware-fingerprint", "AB:CD", "--kepware-timeout", "30", "--kepware-password-file", "kepware.pw",
            "--registry-endpoint", "127.0.0.1:8443", "--registry-ca", "registry ca.pem", "--state-file", directory.file("state.json"),
            "--wait", "90", "--print-timer",
        ], environment: ["KEPEDGE_DEVICE_KEY": Self.deviceKey])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(Self.deviceKey))
        let here = FileManager.default.currentDirectoryPath
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("[Service]"))
        #expect(lines.contains("ExecStart="), "the drop-in must reset the template's ExecStart")
        let exec = try #require(lines.last { $0.hasPrefix("ExecStart=") && $0 != "ExecStart=" })
        let arguments = try SystemdExecLineParser(instance: "x", environment: ["ware": "EXPANDED"])
            .arguments(String(exec.dropFirst("ExecStart=".count)))
        #expect(arguments.first == runner.executable.resolvingSymlinksInPath().path)
        #expect(Array(arguments.dropFirst()) == [
            "agent", "rotate", "--hub", Self.hubHost, "--device", device, "--agent-name", device,
            "--kepware-host", "10.0.0.5", "--kepware-port", "57512", "--kepware-user", "Administrator", "--kepware-timeout", "30",
            "--if-expiring-within", "7d", "--token-lifetime", "30d", "--state-file", directory.file("state.json"), "--wait", "90",
            "--kepware-https", "--kepware-fingerprint", "AB:CD", "--kepware-password-file", "\(here)/kepware.pw",
            "--registry-endpoint", "127.0.0.1:8443", "--registry-ca", "\(here)/registry ca.pem",
        ])
        // The secrets' file and the instance: systemd-escape's name for the device id.
        #expect(result.stdout.contains("/etc/kepedge/rotate/kep\\x25i\\x24ware\\x271.env"))
        #expect(result.stdout.contains("kepedge-rotate@kep\\x25i\\x24ware\\x271.service.d/kepedge.conf"))
        #expect(result.stdout.contains("KEPEDGE_KEPWARE_PASSWORD") == false, "the password comes from --kepware-password-file")
    }

    @Test func printTimerKeepsAnInlineKeyOutOfTheUnit() async throws {
        let result = try await runner.run(["agent", "rotate", "--hub", "lab-hub", "--device", "kepware-01", "--key", Self.deviceKey, "--print-timer"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(Self.deviceKey))
        #expect(!result.stderr.contains(Self.deviceKey))
        #expect(result.stdout.contains("KEPEDGE_DEVICE_KEY=…"))
        #expect(result.stdout.contains("KEPEDGE_KEPWARE_PASSWORD=…"))
        #expect(result.stderr.contains("--key is not written into the unit"))
    }
}
