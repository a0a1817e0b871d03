import Foundation
import KepEdgeCore
import KepEdgeTestSupport

/// A real mosquitto with the lab's authentication plugin (`libkepedge-broker-auth.so` from SwiftPM's products
/// folder), a devices file the test can rewrite while the broker runs, and the real `mosquitto_pub` to connect.
final class BrokerAuthLab: @unchecked Sendable {
    static let hubHostName = "lab-hub.azure-devices.net"
    static let edgeHostName = "lab-gateway"
    static let edgeDeviceScope = "ms-azure-iot-edge://lab-edge-638c1"
    static let pluginFileName = "libkepedge-broker-auth.so"

    /// One line of the devices file.
    struct Device {
        var id: String
        var primaryKey = BrokerAuthLab.randomKey()
        var secondaryKey = BrokerAuthLab.randomKey()
        var deviceScope: String? = BrokerAuthLab.edgeDeviceScope
        var enabled = true

        var line: String {
            "\(id) \(primaryKey.base64.revealed) \(secondaryKey.base64.revealed) \(deviceScope ?? "-") \(enabled)"
        }
    }

    /// What `mosquitto_pub` reported.
    struct Outcome {
        let exitCode: Int32
        let output: String
        var accepted: Bool { exitCode == 0 }
        /// mosquitto_pub's words for CONNACK 5 on MQTT 3.1.1.
        var refusedNotAuthorised: Bool { exitCode == 5 && output.contains("Connection Refused: not authorised.") }
    }

    let broker: MosquittoBroker
    let devicesFile: String

    /// Starts the broker with the plugin and a devices file holding `deviceLines` (after a comment line).
    /// `omittingOption` leaves one `plugin_opt_*` out of the configuration.
    /// `extraOptions` adds `plugin_opt_*` lines (e.g. `edge_version`).
    init(deviceLines: [String], omittingOption: String? = nil, extraOptions: [String: String] = [:]) async throws {
        let plugin = try Self.pluginPath()
        devicesDirectory = try TemporaryDirectory(prefix: "kepedge-auth-devices")
        devicesFile = devicesDirectory.file("devices")
        var options = [
            "hub_hostname": Self.hubHostName, "edge_hostname": Self.edgeHostName,
            "edge_device_scope": Self.edgeDeviceScope, "devices_file": devicesFile,
        ]
        options.merge(extraOptions) { _, extra in extra }
        if let omittingOption { options[omittingOption] = nil }
        broker = try MosquittoBroker(extraConfiguration: ["allow_anonymous false", "plugin \(plugin)"]
            + options.sorted(by: { $0.key < $1.key }).map { "plugin_opt_\($0.key) \($0.value)" })
        try writeDevices(deviceLines)
        try await broker.start()
    }

    private let devicesDirectory: TemporaryDirectory

    /// Replaces the devices file the way the lab does: a temporary file renamed over it.
    func writeDevices(_ lines: [String]) throws {
        let text = (["# kepedge lab devices: deviceId primaryKey secondaryKey deviceScope enabled"] + lines)
            .joined(separator: "\n") + "\n"
        let temporary = devicesFile + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, devicesFile) == 0 else { throw FixtureError("rename of the devices file failed: errno \(errno)") }
    }

    /// `mosquitto_pub -i clientID -u username [-P password]` publishing one QoS 1 telemetry message.
    func publish(clientID: String, username: String, password: String?) async throws -> Outcome {
        var arguments = ["-h", "127.0.0.1", "-p", String(broker.port), "-V", "mqttv311", "-i", clientID, "-u", username,
                         "-t", "devices/\(clientID)/messages/events/", "-m", "{\"probe\":1}", "-q", "1"]
        if let password { arguments += ["-P", password] }
        let result = try await BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/mosquitto_pub"))
            .run(arguments, timeout: .seconds(10))
        if result.timedOut { throw FixtureError("mosquitto_pub did not finish within 10 s") }
        return Outcome(exitCode: result.exitCode, output: result.stdout + result.stderr)
    }

    /// The broker log once it holds `line` (mosquitto writes it right after the CONNACK; wait at most 3 s).
    func log(containing line: String) async -> String {
        let deadline = ContinuousClock.now.advanced(by: .seconds(3))
        while ContinuousClock.now < deadline {
            let log = broker.log
            if log.contains(line) { return log }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return broker.log
    }

    func shutDown() {
        broker.shutDown()
        devicesDirectory.remove()
    }

    static func username(_ deviceID: String, host: String = hubHostName) -> String {
        "\(host)/\(deviceID)/?api-version=2021-04-12&DeviceClientType=kepedge-tests"
    }

    /// A token for `{audienceHost}/devices/{audienceDevice}` signed with `key`, expiring `expiresIn` seconds from now.
    static func token(audienceHost: String = hubHostName, device: String, key: SharedAccessKey, expiresIn: Int = 3600) -> SASToken {
        SASToken.generate(resourceURI: "\(audienceHost)/devices/\(device)", key: key,
                          expiry: Int(Date().timeIntervalSince1970) + expiresIn, policyName: nil)
    }

    static func randomKey() -> SharedAccessKey {
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        guard let key = try? SharedAccessKey(base64: bytes.base64EncodedString()) else {
            preconditionFailure("32 random bytes always encode to valid padded base64")
        }
        return key
    }

    /// The plugin in SwiftPM's products folder (next to the test bundle), or `$KEPEDGE_BROKER_AUTH_PLUGIN`.
    static func pluginPath() throws -> String {
        try BuiltProducts.path(of: pluginFileName, environmentVariable: "KEPEDGE_BROKER_AUTH_PLUGIN")
    }
}
