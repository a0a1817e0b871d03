import Foundation
import KepEdgeTestSupport
import Testing

/// `kepedge monitor` end to end: the built binary against a real mosquitto, stopped with SIGTERM.
@Suite(.serialized) struct MonitorCommandTests {
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let kepwarePayload = #"{"timestamp":1535488325249,"values":[{"id":"Channel1.Device1.Tag1","v":6978,"q":true,"t":1535488314859}]}"#

    let runner: BinaryRunner
    init() throws { runner = try BinaryRunner() }

    /// `mosquitto_pub` once, bounded.
    static func publish(port: Int, topic: String, message: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_pub")
        process.arguments = ["-h", "127.0.0.1", "-p", String(port), "-V", "mqttv311", "-q", "1", "-t", topic, "-m", message]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        #expect(process.terminationStatus == 0)
    }

    @Test func subscriberShowsKepwaresRowsAndSIGTERMExitsCleanly() async throws {
        let broker = try MosquittoBroker()
        try await broker.start(timeout: 20)
        defer { broker.shutDown() }
        let monitor = try RunningBinary(executable: runner.executable, arguments: ["monitor", "--broker", "127.0.0.1:\(broker.port)"])
        #expect(await monitor.waitForOutput(containing: "subscribed to devices/+/messages/events/#", timeout: 20), "\(monitor.stderr)")

        try Self.publish(port: broker.port, topic: "devices/kepware-01/messages/events/", message: Self.kepwarePayload)
        #expect(await monitor.waitForOutput(containing: "Channel1.Device1.Tag1=6978", timeout: 20))
        let row = monitor.stdout.split(separator: "\n").first { $0.contains("Channel1.Device1.Tag1=6978") }.map(String.init) ?? ""
        #expect(row.contains(" kepware  info    devices/kepware-01/messages/events/: 1 value Channel1.Device1.Tag1=6978"))

        #expect(await monitor.stop(with: SIGTERM) == 0)
        #expect(monitor.stderr.isEmpty, "\(monitor.stderr)")
    }

    @Test func probeConnectsAsTheDeviceOverTLSAndNeverPrintsTheToken() async throws {
        let certificates = try TestCertificates()
        let made = try await runner.run(["sas", "--hub", "testhub", "--device", "kepware-01", "--key", Self.key, "--ttl", "1d"])
        let token = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let username = "testhub.azure-devices.net/kepware-01/?api-version=2021-04-12"
        let passwords = try MosquittoPasswordFile.create(in: certificates.directory, username: username, password: token)
        let broker = try MosquittoBroker(tls: certificates.brokerTLS, extraConfiguration: ["password_file \(passwords)", "allow_anonymous false"])
        try await broker.start(timeout: 20)
        defer { broker.shutDown() }
        let tokenFile = try certificates.directory.write("token", token + "\n")

        let monitor = try RunningBinary(executable: runner.executable, arguments: [
            "monitor", "--gateway", "localhost", "--port", String(broker.port), "--hub", "testhub", "--device", "kepware-01",
            "--ca", certificates.rootCAFile, "--password-file", tokenFile, "--json",
        ])
        #expect(await monitor.waitForOutput(containing: "PUBACK for message", timeout: 20), "\(monitor.stdout)\(monitor.stderr)")
        #expect(await monitor.stop(with: SIGINT) == 0)

        let lines = monitor.stdout.split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "every line is one JSON object")
        #expect(objects.contains { ($0["text"] as? String)?.hasPrefix("CONNACK 0 (accepted)") == true && $0["source"] as? String == "probe" })
        #expect(!monitor.stdout.contains("sig="))
        #expect(!monitor.stdout.contains(token))
        #expect(broker.log.contains("Received PUBLISH from kepware-01"))
    }

    @Test func aRefusedDeviceGetsTheDiagnosis() async throws {
        let broker = try MosquittoBroker(extraConfiguration: ["allow_anonymous false"])
        try await broker.start(timeout: 20)
        defer { broker.shutDown() }
        let made = try await runner.run(["sas", "--hub", "testhub", "--device", "kepware-01", "--key", Self.key, "--ttl", "1d"])
        let monitor = try RunningBinary(executable: runner.executable, arguments: [
            "monitor", "--gateway", "localhost", "--port", String(broker.port), "--hub", "testhub", "--device", "kepware-01", "--plain-tcp",
        ], environment: ["KEPEDGE_SAS_TOKEN": made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(await monitor.waitForOutput(containing: "CONNACK 5 (not authorized)", timeout: 20), "\(monitor.stdout)\(monitor.stderr)")
        #expect(monitor.stdout.contains("Most likely: The device has no parent"))
        #expect(await monitor.waitForOutput(containing: "next attempt (2) in", timeout: 5))
        #expect(await monitor.stop() == 0)
    }

    @Test func aClosedPipeEndsTheMonitorCleanly() async throws {
        let directory = try TemporaryDirectory()
        let log = try directory.write("broker.log", "")
        let script = "'\(runner.executable.path)' monitor --broker-log '\(log)' | head -n 1; echo \"status=${PIPESTATUS[0]}\""
        let pipeline = try RunningBinary(executable: URL(fileURLWithPath: "/bin/bash"), arguments: ["-c", script])
        try await Task.sleep(nanoseconds: 500_000_000)
        for number in 1...20 {
            let handle = try #require(FileHandle(forWritingAtPath: log))
            handle.seekToEndOfFile()
            handle.write(Data("1795746569: Client c\(number) disconnected.\n".utf8))
            try handle.close()
            if await pipeline.waitForExit(timeout: 0.5) != nil { break }
        }
        #expect(await pipeline.waitForExit(timeout: 15) == 0)
        #expect(pipeline.stdout.contains("status=0"), "\(pipeline.stdout)\(pipeline.stderr)")
        #expect(pipeline.stdout.contains("Client c1 disconnected. [broker-client-disconnected]"))
    }

    @Test func endsByItselfWhenEverySourceHasEnded() async throws {
        let directory = try TemporaryDirectory()
        let result = try await runner.run(["monitor", "--broker-log", directory.file("absent.log")], timeout: .seconds(10))
        #expect(!result.timedOut)
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains(" broker   error   broker log not available: cannot read "))
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        (["monitor"], "nothing to monitor"),
        (["monitor", "--subscribe", "devices/x/messages/events/#"], "--subscribe needs --broker"),
        (["monitor", "--broker", "localhost"], "--broker \"localhost\" is not HOST:PORT"),
        (["monitor", "--gateway", "localhost", "--hub", "testhub", "--device", "kepware-01", "--ca", "/etc/hostname"], "the SAS token is missing"),
        (["monitor", "--gateway", "localhost", "--hub", "testhub", "--password-file", "/nonexistent"], "--device is missing"),
    ])
    func inputErrorsAreOneLine(arguments: [String], expected: String) async throws {
        let result = try await runner.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderrLines.first?.hasPrefix("kepedge: ") == true)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
