import Foundation
import KepEdgeProbes
import KepEdgeLab
import KepEdgeTestSupport
import Testing

/// `kepedge lab --no-ui` run as a user runs it: its first line, its files, its `checkCommand`, its faults
/// and its shutdown.
@Suite(.serialized)
struct LabCommandTests {
    struct StartedLab {
        let process: RunningBinary
        let manifest: LabManifest

        /// SIGTERM, then the exit code (nil when it had to be killed).
        func stop() async -> Int32? { await process.stop(with: SIGTERM, timeout: 10) }
    }

    static func start(_ arguments: [String] = []) async throws -> StartedLab {
        let process = try RunningBinary(executable: try BinaryRunner().executable, arguments: ["lab", "--no-ui"] + arguments)
        guard await process.waitForOutput(containing: "\n", timeout: 60) else {
            _ = await process.stop(with: SIGKILL, timeout: 5)
            throw FixtureError("kepedge lab printed no first line within 60 s; stderr: \(process.stderr)")
        }
        let firstLine = String(process.stdout.split(separator: "\n").first ?? "")
        do {
            return StartedLab(process: process, manifest: try JSONDecoder().decode(LabManifest.self, from: Data(firstLine.utf8)))
        } catch {
            _ = await process.stop(with: SIGTERM, timeout: 10)
            throw FixtureError("the first line is not the lab's JSON (\(error)): \(firstLine)")
        }
    }

    /// Runs the lab's `checkCommand` exactly as printed.
    static func check(_ lab: StartedLab) async throws -> BinaryRunner.Result {
        let argv = lab.manifest.checkCommand
        let executable = try #require(argv.first)
        return try await BinaryRunner(executable: URL(fileURLWithPath: executable)).run(Array(argv.dropFirst()), timeout: .seconds(120))
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test func startsPrintsItsEndpointsAndItsCheckCommandPassesThenSIGTERMCleansUp() async throws {
        let lab = try await Self.start()
        let manifest = lab.manifest
        var stopped = false
        defer { if !stopped { Task { _ = await lab.stop() } } }

        #expect(manifest.gateway.host == "localhost")
        #expect(manifest.gateway.running)
        #expect(LoopbackPort.isAccepting(manifest.gateway.port))
        #expect(manifest.hub.host == Lab.hubHost)
        #expect(manifest.kepware.url.hasPrefix("http://127.0.0.1:"))
        let device = try #require(manifest.device)
        #expect(device.id == Lab.kepwareDeviceID)
        for secret in [manifest.hub.ownerConnectionStringFile, manifest.kepware.passwordFile, device.keyFile, device.tokenFile, manifest.edgeConfig] {
            #expect(Self.mode(secret) == 0o600, "\(secret) must be 0600")
        }
        let config = try String(contentsOfFile: manifest.edgeConfig, encoding: .utf8)
        #expect(config.contains("hostname = \"localhost\""))
        #expect(config.contains("trust_bundle_cert = \"file://\(manifest.rootCAFile)\""))
        #expect(try String(contentsOfFile: manifest.hub.ownerConnectionStringFile, encoding: .utf8).hasPrefix("HostName=\(Lab.hubHost);SharedAccessKeyName=iothubowner;SharedAccessKey="))
        #expect(!lab.process.stdout.contains(try String(contentsOfFile: manifest.kepware.passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)),
                "the Kepware password is in its file, not on stdout")

        let result = try await Self.check(lab)
        #expect(result.exitCode == 0, "kepedge check said:\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 errors"))
        // The cloud's word, read as az iot hub monitor-events reads it: AMQPS, the redirect, CBS, partitions.
        #expect(result.stdout.contains("messages from \(Lab.kepwareDeviceID) arrive in IoT Hub within "), "\(result.stdout)")

        // Kepware's agent publishes through the gateway and the messages arrive upstream.
        let arrived = await LabAgentWait.until(within: 20) {
            ((try? String(contentsOfFile: manifest.upstreamLog, encoding: .utf8)) ?? "").contains("Channel1.Device1.Tag1=")
        }
        #expect(arrived, "nothing arrived upstream; broker log:\n\((try? String(contentsOfFile: manifest.brokerLog, encoding: .utf8)) ?? "")")

        stopped = true
        #expect(await lab.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: manifest.folder), "the lab folder is removed")
        #expect(!LoopbackPort.isAccepting(manifest.gateway.port), "the broker is stopped")
        #expect(lab.process.stderr.contains("SIGTERM received"))
    }

    /// `kepedge register` with the lab's hub-owner file, registry endpoint and CA.
    static func register(_ lab: StartedLab, device: String) async throws -> BinaryRunner.Result {
        let hub = lab.manifest.hub
        return try await BinaryRunner().run([
            "register", "--hub", hub.host, "--device", device, "--edge-device", hub.edgeDeviceID,
            "--owner-connection-string-file", hub.ownerConnectionStringFile, "--registry-endpoint", hub.registryEndpoint,
            "--registry-ca", hub.registryCAFile, "--show-secrets", "--json",
        ], timeout: .seconds(30))
    }

    @Test func aDeviceRegisteredThroughTheLabHubIsKnownToTheGatewayAtOnce() async throws {
        let lab = try await Self.start()
        let registered = try await Self.register(lab, device: "kepware-lab-02")
        let connectionString = (try? JSONSerialization.jsonObject(with: Data(registered.stdout.utf8)) as? [String: Any])?["connectionString"] as? String
        var checked: BinaryRunner.Result?
        if let connectionString {
            checked = try await BinaryRunner().run(["check", "--session", lab.manifest.session, "--device", "kepware-lab-02",
                                                    "--connection-string", connectionString], timeout: .seconds(120))
        }
        #expect(await lab.stop() == 0)
        #expect(registered.exitCode == 0, "kepedge register said: \(registered.stderr)")
        let check = try #require(checked, "no connection string in: \(registered.stdout)")
        #expect(check.exitCode == 0, "kepedge check said:\n\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("CONNACK 0"))
    }

    @Test func withNoRouteKepedgeRegisterNamesTheMissingUpstreamRoute() async throws {
        let lab = try await Self.start(["--fault", "no-route"])
        let registered = try await Self.register(lab, device: Lab.kepwareDeviceID)
        #expect(await lab.stop() == 0)
        #expect(registered.stdout.contains("edgehub-routes"))
        #expect(registered.stdout.contains("$upstream"), "kepedge register said: \(registered.stdout)\(registered.stderr)")
        #expect(registered.stdout.contains("\"status\" : \"error\"") || registered.stdout.contains("\"status\" : \"warning\""))
    }

    @Test func anUnknownFaultExits2AndListsTheFaults() async throws {
        let result = try await BinaryRunner().run(["lab", "--no-ui", "--fault", "cosmic-rays"])
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first?.contains("--fault cosmic-rays") == true)
        for fault in LabFault.allCases { #expect(result.stderr.contains(fault.rawValue)) }
    }

    @Test func aMissingPluginExits2AndSaysHowToBuildIt() async throws {
        let result = try await BinaryRunner().run(["lab", "--no-ui", "--plugin", "/nonexistent/libkepedge-broker-auth.so"])
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("swift build --product kepedge-broker-auth"))
    }

    @Test func aBadHostnameExits2BeforeStartingAnything() async throws {
        let result = try await BinaryRunner().run(["lab", "--no-ui", "--hostname", "gw 01"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.first?.hasPrefix("kepedge: --hostname gw 01:") == true)
    }

    /// Issue 13 §6: a second CONNECT with the device's client id makes edgeHub (and the lab's mosquitto) close
    /// Kepware's session. With Kepware's agent connected, `kepedge check` confirms the path by its event log and
    /// leaves the session alone; `--probe-as-device` shows the takeover the lab reproduces.
    @Test func checkLeavesAConnectedKepwareAgentAlone() async throws {
        let lab = try await Self.start()
        defer { Task { _ = await lab.stop() } }
        let brokerLog = { (try? String(contentsOfFile: lab.manifest.brokerLog, encoding: .utf8)) ?? "" }
        // The lab's broker logs at information level: mosquitto's connected line, not the debug CONNACK line.
        let connected = await LabAgentWait.until(within: 20) { brokerLog().contains("New client connected from") && brokerLog().contains(" as \(Lab.kepwareDeviceID) (") }
        #expect(connected, "Kepware's agent did not connect:\n\(brokerLog())")

        let result = try await Self.check(lab)
        #expect(result.exitCode == 0, "kepedge check said:\n\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("path confirmed without disturbing Kepware"))
        try? await Task.sleep(for: .milliseconds(500))
        #expect(!brokerLog().contains("closing old connection"), "check knocked Kepware off:\n\(brokerLog())")

        let argv = lab.manifest.checkCommand
        let probing = try await BinaryRunner(executable: URL(fileURLWithPath: try #require(argv.first)))
            .run(Array(argv.dropFirst()) + ["--probe-as-device"], timeout: .seconds(120))
        #expect(probing.stdout.contains("CONNACK 0"), "\(probing.stdout)")
        let tookOver = await LabAgentWait.until(within: 5) { brokerLog().contains("already connected, closing old connection") }
        #expect(tookOver, "the lab must reproduce edgeHub's takeover:\n\(brokerLog())")
    }

    /// Issue 13 §1: an IoT Edge 1.1 lab whose connection string spells the hub `Lab-Hub` refuses Kepware's token for
    /// `lab-hub`, and says so in edgeHub's words.
    @Test func hubCaseFaultIsRefusedAsIoTEdge11Does() async throws {
        let lab = try await Self.start(["--fault", "hub-case"])
        defer { Task { _ = await lab.stop() } }
        #expect(lab.manifest.edgeConfig.hasSuffix("config.yaml"))
        let brokerLog = { (try? String(contentsOfFile: lab.manifest.brokerLog, encoding: .utf8)) ?? "" }
        let refused = await LabAgentWait.until(within: 20) {
            brokerLog().contains("because the audience hostname \(Lab.hubHost) does not match IoTHub hostname \(Lab.mixedCaseHubHost)")
        }
        #expect(refused, "\(brokerLog())")
        #expect(brokerLog().contains("authenticating like IoT Edge 1.1's edgeHub"))
    }

    @Test func aBadEdgeVersionExits2() async throws {
        let result = try await BinaryRunner().run(["lab", "--no-ui", "--edge-version", "1.0"])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("--edge-version 1.0"))
    }

    /// Each fault and the words of the cause `kepedge check` must name.
    static let faults: [(fault: LabFault, cause: [String])] = [
        (.wrongCA, ["does not lead to the CA", "verify code 19"]),
        (.hostnameMismatch, ["hostname mismatch", "localhost.plant.local"]),
        (.expiredCertificate, ["certificate has expired"]),
        (.noParent, ["CONNACK 5", "no parent"]),
        (.noRoute, ["$upstream"]),
        (.expiredToken, ["expired 1 hour"]),
        (.noAPIVersion, ["api-version"]),
        (.brokerDown, ["refused the connection"]),
        (.hubCase, ["case"]),
    ]

    @Test(arguments: LabCommandTests.faults.map(\.fault))
    func eachFaultMakesCheckExit1AndNameTheCause(_ fault: LabFault) async throws {
        let expected = try #require(Self.faults.first { $0.fault == fault })
        let lab = try await Self.start(["--fault", fault.rawValue])
        #expect(lab.manifest.fault == fault.rawValue)
        let result = try await Self.check(lab)
        let exitCode = await lab.stop()
        #expect(exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: lab.manifest.folder))
        let output = result.stdout + result.stderr
        let verdict = {
            #expect(result.exitCode == 1, "kepedge check with \(fault.rawValue) said:\n\(output)")
            for words in expected.cause {
                #expect(output.localizedCaseInsensitiveContains(words), "the cause '\(words)' is not named:\n\(output)")
            }
        }
        verdict()
    }
}

/// Polling with a deadline, for files the lab writes as things happen.
enum LabAgentWait {
    static func until(within seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }
}
