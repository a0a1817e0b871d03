import Foundation
import KepEdgeTestSupport
import Testing


@Suite(.serialized) struct NamesCommandTests {
    static let key = "ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleQ=="

    /// A 1.2+ config whose hostname resolves on any machine.
    static let config = """
        hostname = "localhost"
        trust_bundle_cert = "file:///var/secrets/azure-iot-test-only.root.ca.cert.pem"

        [provisioning]
        source = "manual"
        connection_string = "HostName=plant-hub.azure-devices.net;DeviceId=gw01-edge;SharedAccessKey=\(key)"
        """

    static let hosts = "# test hosts\n127.0.0.1\tlocalhost kepedge-alias\n::1 localhost ip6-localhost\n"

    @Test func configWithAListeningPortPassesWithExitZero() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let listener = try LoopbackListener()
        defer { listener.close() }
        let config = try folder.write("config.toml", Self.config)
        let hosts = try folder.write("hosts", Self.hosts)

        let outcome = try await BinaryRunner().run(["names", "--config", config, "--port", "\(listener.port)", "--hosts-file", hosts])
        #expect(outcome.exitCode == 0, "stderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("ok       \(config): hostname localhost"))
        #expect(lines.contains("ok       localhost:\(listener.port) accepts TCP connections"))
        #expect(lines.contains("         \(hosts) line 2: 127.0.0.1 localhost kepedge-alias"))
        // localhost is loopback only: a warning for the Kepware host, with the fix under it.
        let resolvesLine = try #require(lines.firstIndex { $0.hasPrefix("warning  localhost resolves only to loopback") })
        #expect(lines[(resolvesLine + 1)...].contains { $0.hasPrefix("         fix: ") })
        #expect(outcome.stdout.contains(#"C:\Windows\System32\drivers\etc\hosts"#))
        #expect(!outcome.stdout.contains(Self.key))
        #expect(outcome.stderr.isEmpty)
    }

    @Test func closedPortFailsWithExitOneAndAFix() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let listener = try LoopbackListener()
        listener.close()
        let config = try folder.write("config.toml", Self.config)

        let outcome = try await BinaryRunner().run(["names", "--config", config, "--port", "\(listener.port)"])
        #expect(outcome.exitCode == 1)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        let errorLine = try #require(lines.firstIndex(of: "error    localhost:\(listener.port) does not accept TCP connections (connection refused)"))
        #expect(lines[errorLine + 2].hasPrefix("         fix: Nothing listens on \(listener.port)"))
        #expect(outcome.stderr == "kepedge: 1 name check failed for localhost; see the fix lines above\n")
    }

    @Test func certificateNamesThatDoNotHoldTheHostFail() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let listener = try LoopbackListener()
        defer { listener.close() }
        let config = try folder.write("config.toml", Self.config)
        let base = ["names", "--config", config, "--port", "\(listener.port)"]

        let mismatch = try await BinaryRunner().run(base + ["--cert-names", "gw01.plant.local, edgeHub"])
        #expect(mismatch.exitCode == 1)
        #expect(mismatch.stdout.contains("error    the server certificate does not hold the name localhost"))
        #expect(mismatch.stdout.contains("the certificate holds: gw01.plant.local, edgeHub"))

        let match = try await BinaryRunner().run(base + ["--cert-names", "localhost,edgeHub"])
        #expect(match.exitCode == 0, "stdout: \(match.stdout)")
        #expect(match.stdout.contains("ok       the server certificate holds the name localhost"))
    }

    @Test func hostDifferentFromTheConfigIsCheckedAgainstEdgeHubsExpectedNames() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = try folder.write("config.toml", Self.config)

        // 127.0.0.1 is what the agent would use if someone typed the address: edgeHub's certificate holds "localhost".
        let outcome = try await BinaryRunner().run(["names", "--config", config, "--host", "127.0.0.1", "--port", "1"])
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout.contains("error    the server certificate does not hold the address 127.0.0.1"))
        #expect(outcome.stdout.contains("fix: Connect with localhost instead"))
        #expect(outcome.stdout.contains("names edgeHub's certificate gets from \(config)"))
    }

    @Test func hostThatDoesNotResolveFailsWithoutTryingThePort() async throws {
        let outcome = try await BinaryRunner().run(["names", "--host", "kepedge-gw01.invalid"])
        #expect(outcome.exitCode == 1)
        #expect(outcome.stdout.contains("error    kepedge-gw01.invalid does not resolve"))
        #expect(outcome.stdout.contains("skipped  kepedge-gw01.invalid:8883 not tried"))
    }

    @Test func jsonOutputIsParseableAndHoldsNoKey() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let listener = try LoopbackListener()
        defer { listener.close() }
        let config = try folder.write("config.toml", Self.config)

        let outcome = try await BinaryRunner().run(["names", "--config", config, "--port", "\(listener.port)", "--json"])
        #expect(outcome.exitCode == 0)
        #expect(!outcome.stdout.contains(Self.key))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(object["host"] as? String == "localhost")
        let configObject = try #require(object["config"] as? [String: Any])
        #expect(configObject["hubHostName"] as? String == "plant-hub.azure-devices.net")
        #expect(configObject["trustBundlePath"] as? String == "/var/secrets/azure-iot-test-only.root.ca.cert.pem")
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.map { $0["id"] as? String } == ["edge-config", "name-resolves", "port-open", "hosts-line"])
    }

    @Test func badInputExitsTwoWithOneLine() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let malformed = try folder.write("config.toml", "hostname = \"gw01\"\n[provisioning\n")
        let cases: [([String], String)] = [
            (["names", "--config", folder.file("missing.toml")], "kepedge: --config \(folder.file("missing.toml")): not found."),
            (["names", "--config", malformed], "kepedge: --config \(malformed): malformed at line 2"),
            (["names", "--host", "gw01", "--port", "70000"], "kepedge: --port 70000: not a TCP port"),
            (["names", "--host", "gw01", "--cert-names", " , "], "kepedge: --cert-names is empty"),
            (["names", "--port", "abc"], "kepedge: "),
        ]
        for (arguments, expectedPrefix) in cases {
            let outcome = try await BinaryRunner().run(arguments)
            #expect(outcome.exitCode == 2, "\(arguments)")
            #expect(outcome.stderr.hasPrefix(expectedPrefix), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "\(arguments)")
        }
        let single = try await BinaryRunner().run(["names", "--config", malformed])
        #expect(single.stderr.split(separator: "\n").count == 1)
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/etc/aziot/config.toml")
        && !FileManager.default.fileExists(atPath: "/etc/iotedge/config.yaml"), "this machine has an IoT Edge config"))
    func noConfigAndNoHostSaysWhatToPass() async throws {
        let outcome = try await BinaryRunner().run(["names"])
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr == "kepedge: no IoT Edge config at /etc/aziot/config.toml or /etc/iotedge/config.yaml; pass --config PATH or --host NAME\n")
    }

    /// Root reads chmod 000 files, so as root the binary runs as `nobody` through runuser; as a
    /// normal user it runs directly. Either way the permission error is real, not simulated.
    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
                   "running as root without runuser: cannot drop privileges to test permission denied"))
    func unreadableConfigSaysUseSudo() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = try folder.write("config.toml", Self.config)
        // nobody must reach the binary and the folder, not the file.
        let binary = try folder.write("kepedge", try Data(contentsOf: URL(fileURLWithPath: try BinaryRunner().executable.path)))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: config)

        let launcher = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []
        let outcome = try await BinaryRunner(executable: URL(fileURLWithPath: binary)).run(["names", "--config", config], launcher: launcher)
        #expect(outcome.exitCode == 2)
        #expect(outcome.stderr == "kepedge: --config \(config): permission denied. The IoT Edge config is readable by root only: run kepedge with sudo.\n")
    }
}
