import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The message pane's sources: each either streams, or says once why it cannot, and ends.
@Suite("monitor followers", .serialized)
struct FollowerTests {
    /// A fake `iotedge` on a private search path.
    static func fakeCommand(_ script: String, in directory: TemporaryDirectory, name: String = "iotedge") throws {
        let path = try directory.write(name, "#!/bin/sh\n" + script + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    static func collect(_ stream: AsyncStream<MonitorEvent>, timeout: Double) async -> (events: [MonitorEvent], finished: Bool) {
        let recorder = StreamRecorder(stream)
        let finished = await recorder.waitUntilFinished(timeout: timeout)
        recorder.cancel()
        return (recorder.received, finished)
    }

    @Test("neither iotedge nor docker: one clear event, then the stream ends")
    func noCommand() async throws {
        let empty = try TemporaryDirectory()
        let (events, finished) = await Self.collect(EdgeHubLogFollower(searchPath: empty.path).events(), timeout: 5)
        #expect(finished)
        #expect(events.count == 1)
        #expect(events.first?.level == .error)
        #expect(events.first?.text.contains("neither iotedge nor docker found") == true)
    }

    @Test("edgeHub's lines are parsed and kept to the device; a command that exits says how, with its complaint")
    func exitingCommand() async throws {
        let directory = try TemporaryDirectory()
        try Self.fakeCommand("""
            echo '<6> 2024-11-19 13:57:17.901 +00:00 [INF] - Client kepware-01 in device scope not authenticated locally.'
            echo '<6> 2024-11-19 13:57:17.902 +00:00 [INF] - Client plc-2 in device scope authenticated locally.'
            echo '<3> 2024-11-19 13:57:17.903 +00:00 [ERR] - Unable to generate identity for clientId kepware-01 and username h/kepware-01/?api-version=1'
            echo 'permission denied while trying to connect to the management socket' >&2
            exit 3
            """, in: directory)
        let follower = EdgeHubLogFollower(deviceID: "kepware-01", searchPath: directory.path)
        let (events, finished) = await Self.collect(follower.events(), timeout: 10)
        #expect(finished)
        #expect(events.first?.text == "following iotedge logs -f --tail 0 edgeHub")
        let classified = events.compactMap(\.classification)
        #expect(classified == [.notAuthenticatedLocally, .identityNotGenerated])
        #expect(!events.contains { $0.text.contains("plc-2") })
        let last = try #require(events.last)
        #expect(last.level == .error)
        #expect(last.text.contains("exited with status 3"))
        #expect(last.text.contains("permission denied while trying to connect"))
    }

    @Test("a command that fails before edgeHub's first line (docker daemon down) is one 'not available' line with its complaint")
    func commandFailingAtOnce() async throws {
        let directory = try TemporaryDirectory()
        try Self.fakeCommand("""
            echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2
            exit 1
            """, in: directory, name: "docker")
        let (events, finished) = await Self.collect(EdgeHubLogFollower(searchPath: directory.path).events(), timeout: 10)
        #expect(finished)
        #expect(events.map(\.text) == [
            "following docker logs -f --tail 0 edgeHub",
            "edgeHub's log is not available: 'docker logs -f --tail 0 edgeHub' exited with status 1: "
                + "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
        ])
        #expect(events.last?.level == .error)
    }

    @Test("docker is the fallback when iotedge is missing")
    func dockerFallback() async throws {
        let directory = try TemporaryDirectory()
        try Self.fakeCommand("echo \"$@\"", in: directory, name: "docker")
        let (events, _) = await Self.collect(EdgeHubLogFollower(searchPath: directory.path).events(), timeout: 10)
        #expect(events.first?.text == "following docker logs -f --tail 0 edgeHub")
        #expect(events.contains { $0.text == "logs -f --tail 0 edgeHub" })
        #expect(events.last?.level == .warning)  // exited cleanly: still worth knowing the log stopped
    }

    @Test("cancelling the stream stops the followed command")
    func cancelStopsCommand() async throws {
        let directory = try TemporaryDirectory()
        let pidFile = directory.file("pid")
        try Self.fakeCommand("echo $$ > \(pidFile)\necho '<6> 2024-11-19 13:57:17.901 +00:00 [INF] - started'\nexec sleep 30", in: directory)
        let recorder = StreamRecorder(EdgeHubLogFollower(searchPath: directory.path).events())
        _ = try #require(await recorder.wait(for: 15) { $0.text.hasSuffix("started") })
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == 0)
        recorder.cancel()
        let deadline = Date().addingTimeInterval(5)
        while kill(pid, 0) == 0, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(kill(pid, 0) != 0, "the followed command still runs after cancel")
    }

    @Test("a file follower sees appended lines, truncation and rotation, from the end by default")
    func fileFollower() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("broker.log", "old line\n")
        let recorder = StreamRecorder(FileLineFollower(path: path, pollInterval: 0.05).lines())
        defer { recorder.cancel() }
        try await Task.sleep(nanoseconds: 200_000_000)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("first\nsec".utf8))
        try await Task.sleep(nanoseconds: 150_000_000)
        handle.write(Data("ond\n".utf8))
        try handle.close()
        #expect(await recorder.wait(for: 15) { $0 == .line("second") } != nil)

        // Truncate in place (same inode), then write a shorter content.
        let truncating = try #require(FileHandle(forWritingAtPath: path))
        truncating.truncateFile(atOffset: 0)
        try truncating.close()
        #expect(await recorder.wait(for: 15) { if case .restarted(let reason) = $0 { reason.contains("truncated") } else { false } } != nil)
        let again = try #require(FileHandle(forWritingAtPath: path))
        again.write(Data("after truncation\n".utf8))
        try again.close()
        #expect(await recorder.wait(for: 15) { $0 == .line("after truncation") } != nil)

        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try directory.write("broker.log", "in the new file\n")
        #expect(await recorder.wait(for: 15) { if case .restarted(let reason) = $0 { reason.contains("rotated") } else { false } } != nil)
        #expect(await recorder.wait(for: 15) { $0 == .line("in the new file") } != nil)
        #expect(!recorder.received.contains(.line("old line")))
        #expect(recorder.received.filter { $0 == .line("first") }.count == 1)
    }

    @Test("a missing log file is one error event, then the end")
    func missingFile() async throws {
        let directory = try TemporaryDirectory()
        let (events, finished) = await Self.collect(BrokerLogFollower.events(path: directory.file("absent.log")), timeout: 5)
        #expect(finished)
        #expect(events.count == 1)
        #expect(events.first?.source == .broker && events.first?.level == .error)
        #expect(events.first?.text.contains("No such file") == true)
    }

    @Test("the subscription follower decodes the probe's Kepware message into a row")
    func subscription() async throws {
        let broker = try MosquittoBroker()
        try await broker.start(timeout: 20)
        defer { broker.shutDown() }
        let subscriberRequest = MQTTConnectRequest(host: "127.0.0.1", port: broker.port, clientID: "kepedge-test-sub", username: "", password: nil,
                                                   transport: .plainTCP, topic: MQTTTopic.allTelemetry)
        let recorder = StreamRecorder(SubscriptionFollower.events(subscriberRequest))
        defer { recorder.cancel() }
        _ = try #require(await recorder.wait(for: 15) { $0.text.hasPrefix("subscribed to devices/+/messages/events/#") })

        let deviceRequest = MQTTConnectRequest(host: "127.0.0.1", port: broker.port, clientID: "kepware-01", username: "u", password: nil,
                                               transport: .plainTCP, topic: "devices/kepware-01/messages/events/")
        let report = await MQTTProbe.run(deviceRequest)
        #expect(report.outcome == .accepted)
        let message = try #require(await recorder.wait(for: 15) { $0.source == .kepware })
        #expect(message.element.deviceID == "kepware-01")
        #expect(message.element.rows?.map(\.tag) == ["kepedge.probe"])
        #expect(message.element.rows?.first?.quality == .good)
    }
}
