import Foundation
import KepEdgeTestSupport
import Testing

/// `kepedge sas` end to end through the built binary.
@Suite struct SASCommandTests {
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let vectorA = "SharedAccessSignature sr=iot-hub-for-test.azure-devices.net%2Fdevices%2Fiot-device-for-test&sig=SIumZ1ACqqPJZ2okHDlW9MSYKykEpqsQY3z6FMOICd4%3D&se=1471940363"
    static let base = ["sas", "--hub", "iot-hub-for-test", "--device", "iot-device-for-test"]

    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    @Test func printsVectorAExactly() async throws {
        let result = try await runner.run(Self.base + ["--key", Self.key, "--expiry", "1471940363"])
        #expect(result.exitCode == 0)
        #expect(result.stdout == Self.vectorA + "\n")
        #expect(!result.stderr.contains(Self.key))
    }

    @Test func keyFromFileEnvironmentOrConnectionStringGivesTheSameToken() async throws {
        let directory = try TemporaryDirectory()
        let keyFile = try directory.write("device.key", Self.key + "\n")
        let fromFile = try await runner.run(Self.base + ["--key-file", keyFile, "--expiry", "1471940363"])
        let fromEnvironment = try await runner.run(Self.base + ["--expiry", "1471940363"], environment: ["KEPEDGE_DEVICE_KEY": Self.key])
        let connection = "HostName=iot-hub-for-test.azure-devices.net;DeviceId=iot-device-for-test;SharedAccessKey=\(Self.key)"
        let fromConnection = try await runner.run(["sas", "--connection-string", connection, "--expiry", "1471940363"])
        for result in [fromFile, fromEnvironment, fromConnection] {
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(result.stdout == Self.vectorA + "\n")
        }
    }

    @Test func jsonOutputParses() async throws {
        let result = try await runner.run(Self.base + ["--key", Self.key, "--expiry", "1471940363", "--json"])
        #expect(result.exitCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["sas"] as? String == Self.vectorA)
        #expect(object["device"] as? String == "iot-device-for-test")
        #expect(object["hub"] as? String == "iot-hub-for-test.azure-devices.net")
        #expect(object["expiryEpoch"] as? Int == 1_471_940_363)
    }

    @Test func defaultLifetimeIsThirtyDays() async throws {
        let before = Int(Date().timeIntervalSince1970)
        let result = try await runner.run(Self.base + ["--key", Self.key, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let expiry = try #require(object["expiryEpoch"] as? Int)
        #expect(expiry >= before + 30 * 86_400 && expiry <= Int(Date().timeIntervalSince1970) + 30 * 86_400)
        // Only the warning a key on the command line earns (issue 17 item 9).
        #expect(result.stderrLines.allSatisfy { $0.contains("on the command line can be read by other users") })
    }

    @Test(arguments: [
        (["--hub", "my hub", "--device", "d", "--key", key], "--hub"),
        (["--hub", "h", "--device", "kep ware", "--key", key], "--device"),
        (["--hub", "h", "--device", "d", "--key", "key"], "--key"),
        (["--hub", "h", "--device", "d"], "no device key"),
        (["--hub", "h", "--device", "d", "--key", key, "--key-file", "/nonexistent/k"], "2 ways"),
        (["--hub", "h", "--device", "d", "--key-file", "/nonexistent/k"], "--key-file"),
        (["--hub", "h", "--device", "d", "--key", key, "--ttl", "0"], "--ttl"),
        (["--hub", "h", "--device", "d", "--key", key, "--ttl", "soon"], "--ttl"),
        (["--hub", "h", "--device", "d", "--key", key, "--ttl", "1d", "--expiry", "5"], "--ttl and --expiry"),
        (["--hub", "h", "--device", "d", "--key", key, "--expiry", "tomorrow"], "--expiry"),
        (["--device", "d", "--key", key], "--hub"),
        (["--hub", "h", "--key", key], "--device"),
        (["--connection-string", "HostName=h;DeviceId=d"], "missing SharedAccessKey"),
        (["--hub", "other", "--connection-string", "HostName=h;DeviceId=d;SharedAccessKey=\(key)"], "does not match"),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], mentions: String) async throws {
        let result = try await runner.run(["sas"] + arguments)
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.filter { !$0.contains("on the command line can be read by other users") }.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("kepedge: "))
        #expect(result.stderr.contains(mentions), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.key))
        #expect(!result.stderr.contains("XLy"))
    }

    @Test func environmentKeyPlusFlagIsRefused() async throws {
        let result = try await runner.run(Self.base + ["--key", Self.key], environment: ["KEPEDGE_DEVICE_KEY": Self.key])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("KEPEDGE_DEVICE_KEY"))
        #expect(!result.stderr.contains("XLy"))
    }

    @Test func inspectShowsVectorAAsExpired() async throws {
        let result = try await runner.run(["sas", "inspect", Self.vectorA])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("iot-hub-for-test.azure-devices.net"))
        #expect(result.stdout.contains("iot-device-for-test"))
        #expect(result.stdout.contains("2016-08-23"))
        #expect(result.stdout.contains("expired"))
        #expect(!result.stdout.contains("SIumZ1ACqqPJZ2okHDlW9MSYKykEpqsQY3z6FMOICd4"))
        #expect(result.stderrLines.filter { !$0.contains("on the command line can be read by other users") }.count == 1)
        #expect(result.stderr.contains("expired"))
    }

    @Test func inspectFromStandardInputWithAKeyVerifies() async throws {
        let result = try await runner.run(["sas", "inspect", "-", "--json"], environment: ["KEPEDGE_DEVICE_KEY": Self.key],
                                          stdin: Data((Self.vectorA + "\n").utf8))
        #expect(result.exitCode == 1)  // expired, though the signature is right
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["signature"] as? String == "verified")
        #expect(object["expired"] as? Bool == true)
        #expect(object["device"] as? String == "iot-device-for-test")
        #expect(!result.stdout.contains("SIumZ1ACqqPJZ2okHDlW9MSYKykEpqsQY3z6FMOICd4"))
    }

    @Test func inspectOfAFreshTokenPassesAndAWrongKeyFails() async throws {
        let made = try await runner.run(Self.base + ["--key", Self.key, "--ttl", "1h"])
        let token = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let good = try await runner.run(["sas", "inspect", token, "--key", Self.key])
        #expect(good.exitCode == 0, "\(good.stderr)")
        #expect(good.stdout.contains("verifies"))
        #expect(good.stdout.contains("expires in 59 minutes") || good.stdout.contains("expires in 1 hour"))
        let wrong = try await runner.run(["sas", "inspect", token, "--key", "kew="])
        #expect(wrong.exitCode == 1)
        #expect(wrong.stderr.contains("does not verify"))
    }

    /// Issue 13 §4: edgeHub refuses a password with a trailing line break or a doubled space; inspect says so.
    @Test func inspectRefusesWhatEdgeHubRefuses() async throws {
        let made = try await runner.run(Self.base + ["--key", Self.key, "--ttl", "1h"])
        let token = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let newline = try await runner.run(["sas", "inspect", token + "\n"])
        #expect(newline.exitCode == 2)
        #expect(newline.stderrLines.count == 1)
        #expect(newline.stderr.contains("ends with a line break"))
        #expect(newline.stderr.contains("edgeHub"))
        let doubled = try await runner.run(["sas", "inspect", token.replacingOccurrences(of: "SharedAccessSignature ", with: "SharedAccessSignature  ")])
        #expect(doubled.exitCode == 2)
        #expect(doubled.stderr.contains("more than one space"))
        #expect(doubled.stderrLines.count == 1)
    }

    @Test func inspectRefusesNonTokens() async throws {
        let result = try await runner.run(["sas", "inspect", "HostName=h;DeviceId=d;SharedAccessKey=\(Self.key)"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.filter { !$0.contains("on the command line can be read by other users") }.count == 1)
        #expect(result.stderr.contains("SharedAccessSignature"))
        #expect(!result.stderr.contains("XLy"))
    }
}
