import Foundation
import KepEdgeCore
@testable import KepEdgeProbes
import KepEdgeTestSupport
import Testing

@Suite struct EdgeConfigReaderTests {
    @Test func readsAGatewayConfigToml() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.toml", EdgeConfigFixtures.toml())

        let config = try EdgeConfigReader().read(path: path)
        var expected = EdgeConfig(
            sourcePath: path, format: .toml, hostname: "gw01",
            trustBundlePath: "/var/secrets/azure-iot-test-only.root.ca.cert.pem",
            edgeCACertPath: "/var/secrets/iot-edge-device-ca-gw01-full-chain.cert.pem",
            hubHostName: "plant-hub.azure-devices.net",
            edgeDeviceId: "gw01-edge")
        expected.usesQuickstartEdgeCA = false
        #expect(config == expected)
    }

    /// Issue 13 §3: 1.2+'s template leaves `hostname` commented out and `iotedge config mp` writes none; aziot-edged
    /// then uses the machine's host name, and so must kepedge (saying where the name came from). No `[edge_ca]`
    /// section means the quickstart edge CA. The hub keeps the connection string's spelling.
    @Test func configTomlWithoutHostnameUsesTheMachinesName() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.toml", """
            # hostname = "my-device"
            [provisioning]
            source = "manual"
            connection_string = "HostName=sdbedgeIoTHub.azure-devices.net;DeviceId=gw07;SharedAccessKey=ZmFrZWtleQ=="
            """)
        let config = try EdgeConfigReader(machineHostname: { "plant-gw07" }).read(path: path)
        #expect(config.hostname == "plant-gw07")
        #expect(config.hostnameIsMachineName)
        #expect(config.hostnameExplanation.contains("machine's host name"))
        #expect(config.usesQuickstartEdgeCA == true)
        #expect(config.hubHostName == "sdbedgeIoTHub.azure-devices.net")
        #expect(config.edgeRelease == .v1_2OrLater)
        // By default the name is the real gethostname(2)'s.
        let real = try #require(EdgeConfigReader.systemHostname())
        #expect(try EdgeConfigReader().read(path: path).hostname == real)
    }

    @Test func neverKeepsTheProvisioningKey() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let key = "ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleQ=="
        for (name, text) in [("config.toml", EdgeConfigFixtures.toml()), ("sas.toml", EdgeConfigFixtures.tomlWithSeparateProvisioningFields), ("config.yaml", EdgeConfigFixtures.yaml())] {
            let config = try EdgeConfigReader().read(path: try folder.write(name, text))
            let encoded = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
            #expect(!encoded.contains(key), "\(name) leaked the key")
            #expect(!"\(config)".contains(key))
        }
    }

    @Test func readsIothubHostnameAndDeviceIdFields() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = try EdgeConfigReader().read(path: try folder.write("config.toml", EdgeConfigFixtures.tomlWithSeparateProvisioningFields))
        #expect(config.hostname == "GW02.plant.local")
        #expect(config.certificateHostname == "GW02.plant.local")
        #expect(config.hubHostName == "plant-hub.azure-devices.net")
        #expect(config.edgeDeviceId == "gw02-edge")
        #expect(config.trustBundlePath == nil)
        #expect(config.edgeCACertPath == nil)
    }

    @Test func readsAGatewayConfigYamlAndLowerCasesTheCertificateName() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.yaml", EdgeConfigFixtures.yaml(hostname: "GW01"))

        let config = try EdgeConfigReader().read(path: path)
        #expect(config.format == .yaml)
        #expect(config.hostname == "GW01")
        #expect(config.certificateHostname == "gw01")
        #expect(config.certificateHostnameWasLowercased)
        #expect(config.trustBundlePath == "/home/edge/certs/azure-iot-test-only.root.ca.cert.pem")
        #expect(config.edgeCACertPath == "/home/edge/certs/iot-edge-device-ca-gw01-full-chain.cert.pem")
        #expect(config.hubHostName == "plant-hub.azure-devices.net")
        #expect(config.edgeDeviceId == "gw01-edge")
    }

    @Test func commentedOutCertificatesSectionLeavesPathsUnset() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = try EdgeConfigReader().read(path: try folder.write("config.yaml", EdgeConfigFixtures.yamlWithCertificatesCommentedOut))
        #expect(config.hostname == "edge-line3")
        #expect(config.trustBundlePath == nil)
        #expect(config.edgeCACertPath == nil)
        // The template's placeholder connection string gives no hub.
        #expect(config.hubHostName == nil)
    }

    @Test func defaultLookupPrefersTomlThenYaml() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let tomlPath = folder.file("aziot/config.toml")
        let yamlPath = try folder.write("iotedge/config.yaml", EdgeConfigFixtures.yaml())
        let reader = EdgeConfigReader(tomlPath: tomlPath, yamlPath: yamlPath)
        #expect(try reader.read().format == .yaml)

        try folder.write("aziot/config.toml", EdgeConfigFixtures.toml())
        #expect(try reader.read().format == .toml)
    }

    @Test func neitherDefaultFileIsNotFoundNamingBoth() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let reader = EdgeConfigReader(tomlPath: folder.file("config.toml"), yamlPath: folder.file("config.yaml"))
        let error = try #require(throws: EdgeConfigError.self) { try reader.read() }
        #expect(error.problem == .notFound)
        #expect(error.paths == [folder.file("config.toml"), folder.file("config.yaml")])
    }

    @Test func missingFileIsNotFound() throws {
        let error = try #require(throws: EdgeConfigError.self) {
            try EdgeConfigReader().read(path: "/nonexistent/kepedge/config.toml")
        }
        #expect(error == EdgeConfigError(path: "/nonexistent/kepedge/config.toml", problem: .notFound))
    }

    @Test func malformedTomlGivesTheLine() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.toml", "hostname = \"gw01\"\n\n[provisioning\nsource = \"manual\"\n")
        let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: path) }
        guard case .malformed(let message, let line) = error.problem else {
            Issue.record("expected malformed, got \(error.problem)")
            return
        }
        #expect(line == 3)
        #expect(!message.isEmpty)
        #expect(error.description.contains(path))
        #expect(error.description.contains("line 3"))
    }

    /// Found by the edge-config fuzz target (FUZZING.md): toml++ aborted the whole process on this file
    /// (`parser::parse_key()` assertion) with a stack trace; now it is one clear malformed line.
    @Test func aKeyTomlPlusPlusAbortedOnIsAMalformedLineNotACrash() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.toml", "[: &x [")
        let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: path) }
        #expect(error.problem == .malformed(parserMessage: "a table header needs a key: letters, digits, _ or -, or a quoted key", line: 1))
    }

    /// Found by the edge-config fuzz target: Yams' constructor force-unwraps every mapping key as a string, so a
    /// mapping used as a key anywhere in config.yaml trapped kepedge. The parser now reads composed nodes.
    @Test func aYamlMappingKeyThatIsNotAStringIsReadNotACrash() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = try EdgeConfigReader().read(path: try folder.write("config.yaml", "hostname: \"gw01\"\nextra: { {a: b}: c }\n? [1, 2]\n: d\n"))
        #expect(config.hostname == "gw01")
        let nullHost = try folder.write("null.yaml", "hostname: ~\n")
        #expect(throws: EdgeConfigError(path: nullHost, problem: .missingHostname)) { try EdgeConfigReader().read(path: nullHost) }
    }

    /// The key check refuses nothing toml++ reads: lines starting with [ inside arrays and strings, quoted and
    /// dotted keys, headers with spaces, arrays of tables, a byte-order mark and CRLF.
    @Test func theKeyCheckLetsEveryValidShapeThrough() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let text = "\u{FEFF}hostname = \"gw01\"\r\nmatrix = [\n  [1, 2],\n  [{ a = 1 }],\n]\ntext = \"\"\"\n[: not a header\n\"\"\"\n"
            + "\"quoted.key\" = 1\na . b . \"c d\" = 3\n[ \"quoted\" . bare ]  # comment\n[[agent.env]]\nname = \"x\"\n[provisioning]\nsource = \"manual\"\n"
        let config = try EdgeConfigReader().read(path: try folder.write("config.toml", text))
        #expect(config.hostname == "gw01")
    }

    @Test func malformedYamlGivesTheLine() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // A tab-indented key under a mapping, the classic hand-edit mistake.
        let path = try folder.write("config.yaml", "provisioning:\n  source: \"manual\"\n\tdevice_connection_string: \"x\"\nhostname: \"gw01\"\n")
        let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: path) }
        guard case .malformed(_, let line) = error.problem else {
            Issue.record("expected malformed, got \(error.problem)")
            return
        }
        #expect(line == 3)
    }

    @Test func yamlThatIsNotAMappingIsMalformed() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.yaml", "- just\n- a list\n")
        let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: path) }
        guard case .malformed = error.problem else {
            Issue.record("expected malformed, got \(error.problem)")
            return
        }
    }

    @Test func binaryFileIsNotText() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.toml", Data([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]))
        let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: path) }
        #expect(error.problem == .notText)
    }

    @Test func emptyFileIsEmpty() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        for name in ["config.toml", "config.yaml"] {
            let path = try folder.write(name, "\n  \n")
            let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: path) }
            #expect(error.problem == .empty)
        }
    }

    @Test func missingOrPlaceholderHostnameIsReported() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let cases = [
            ("no-hostname.toml", "[provisioning]\nsource = \"manual\"\n"),
            ("placeholder.yaml", "hostname: \"<ADD HOSTNAME HERE>\"\n"),
            ("blank.toml", "hostname = \"\"\n"),
            ("commented.yaml", "# hostname: \"gw01\"\nagent:\n  name: edgeAgent\n"),
            ("null.yaml", "hostname:\nagent:\n  name: edgeAgent\n"),
            ("tilde.yaml", "hostname: ~\n"),
            ("table.toml", "[hostname]\nname = \"gw01\"\n"),
        ]
        for (name, text) in cases {
            let path = try folder.write(name, text)
            // With no machine host name to fall back on (gethostname failed), a config without hostname is refused.
            let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader(machineHostname: { nil }).read(path: path) }
            #expect(error.problem == .missingHostname, "\(name)")
            #expect(error.description.contains("iotedge config apply"), "never advise setting hostname without what apply does")
            #expect(error.paths == [path])
        }
    }

    @Test func directoryIsUnreadable() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: folder.path) }
        #expect(error.problem == .unreadable(reason: "it is a directory, not a file"))
    }

    @Test func formatIsGuessedFromContentWhenTheExtensionSaysNothing() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let yamlBackup = try folder.write("config.yaml.bak", EdgeConfigFixtures.yaml())
        #expect(try EdgeConfigReader().read(path: yamlBackup).format == .yaml)
        let tomlBackup = try folder.write("config.toml.orig", EdgeConfigFixtures.toml())
        #expect(try EdgeConfigReader().read(path: tomlBackup).format == .toml)
    }

    /// chmod 000 does not stop root, and the tests run as root here: the test is skipped then
    /// rather than faked.
    @Test(.enabled(if: getuid() != 0, "root reads chmod 000 files; run the tests as a normal user to cover this"))
    func unreadableFileSaysUseSudo() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = try folder.write("config.toml", EdgeConfigFixtures.toml())
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        let error = try #require(throws: EdgeConfigError.self) { try EdgeConfigReader().read(path: path) }
        #expect(error.problem == .permissionDenied)
        #expect(error.description.contains("sudo"))
    }
}
