import Foundation
import KepEdgeProbes
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KepEdgeCore
import KepEdgeLab
import KepEdgeTestSupport
import Testing

/// The lab edgeHub's `/metrics` read as a real edgeHub's would be: by `kepedge check` (two scrapes, no connection
/// as the device needed) and `kepedge monitor --edgehub-metrics`, healthy and with `--fault no-route`.
@Suite(.serialized)
struct LabEdgeHubMetricsTests {
    static func page(_ url: String) async throws -> PrometheusExposition {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        return try PrometheusTextParser.parse(String(decoding: data, as: UTF8.self))
    }

    @Test func aHealthyLabShowsKepwaresFlowThroughEdgeHubsCountersInCheckAndMonitor() async throws {
        let lab = try await LabCommandTests.start()
        var stopped = false
        defer { if !stopped { Task { _ = await lab.stop() } } }
        let url = try #require(lab.manifest.edgeHubMetrics)
        let device = Lab.kepwareDeviceID
        // The agent publishes every second: received and sent upstream appear with edgeHub's labels.
        var counters: EdgeHubDeviceCounters?
        for _ in 0..<100 where (counters?.sentUpstream ?? 0) < 2 {
            counters = EdgeHubDeviceCounters.read(try await Self.page(url), device: device, time: Date())
            try await Task.sleep(for: .milliseconds(200))
        }
        let seen = try #require(counters)
        #expect(seen.sentUpstream >= 2 && seen.received >= seen.sentUpstream)
        let received = try #require(try await Self.page(url).samples.first { $0.name == "edgehub_messages_received_total" })
        #expect(received.labels.map(\.name) == ["iothub", "edge_device", "instance_number", "id", "route_output", "ms_telemetry"])
        #expect(received["iothub"] == Lab.hubHost && received["edge_device"] == Lab.edgeDeviceID)

        // check: only edgeHub's counters (the flags a field engineer would give, no device key: no connection as the device).
        let check = try await BinaryRunner().run(["check", "--device", device, "--edgehub-metrics", url, "--flow-seconds", "3"], timeout: .seconds(60))
        #expect(check.stdout.contains("edgeHub receives messages from \(device):"), "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("edgeHub forwards \(device)'s messages upstream:"), "\(check.stdout)")
        #expect(!check.stdout.contains("CONNACK"), "the flow is read from the counters, not from a connection as the device")

        let monitor = try RunningBinary(executable: try BinaryRunner().executable,
                                        arguments: ["monitor", "--edgehub-metrics", url, "--device", device, "--json"])
        let flowing = await monitor.waitForOutput(containing: "forwards them upstream", timeout: 30)
        _ = await monitor.stop(with: SIGTERM, timeout: 10)
        #expect(flowing, "monitor said: \(monitor.stdout)\(monitor.stderr)")
        #expect(monitor.stdout.contains("\"source\":\"edgeHub\"") || monitor.stdout.contains("\"source\" : \"edgeHub\""), "\(monitor.stdout)")

        stopped = true
        #expect(await lab.stop() == 0)
    }

    @Test func withNoRouteTheCountersShowReceivedButNotForwardedAndCheckNamesTheRoute() async throws {
        let lab = try await LabCommandTests.start(["--fault", "no-route"])
        var stopped = false
        defer { if !stopped { Task { _ = await lab.stop() } } }
        let url = try #require(lab.manifest.edgeHubMetrics)
        var counters: EdgeHubDeviceCounters?
        for _ in 0..<100 where (counters?.received ?? 0) < 2 {
            counters = EdgeHubDeviceCounters.read(try await Self.page(url), device: Lab.kepwareDeviceID, time: Date())
            try await Task.sleep(for: .milliseconds(200))
        }
        let seen = try #require(counters)
        #expect(seen.received >= 2)
        #expect(seen.sentUpstream == 0)
        #expect((seen.dropped["no_route"] ?? 0) >= 2)

        let result = try await LabCommandTests.check(lab)
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("edgeHub drops \(Lab.kepwareDeviceID)'s messages: no route takes them to $upstream"), "\(result.stdout)")
        #expect(result.stdout.contains("edgeHub receives messages from \(Lab.kepwareDeviceID):"))
        // IoT Hub's endpoint agrees: listening, nothing from the device arrives.
        #expect(result.stdout.contains("no message from \(Lab.kepwareDeviceID) arrived in IoT Hub in "), "\(result.stdout)")
        stopped = true
        #expect(await lab.stop() == 0)
    }

    @Test func badEdgeHubMetricsInputsExit2WithOneLine() async throws {
        let check = try await BinaryRunner().run(["check", "--device", "d1", "--edgehub-metrics", "ftp://x/metrics"])
        #expect(check.exitCode == 2)
        #expect(check.stderrLines.count == 1 && check.stderr.contains("--edgehub-metrics ftp://x/metrics: not an http:// URL"), "\(check.stderr)")
        let monitor = try await BinaryRunner().run(["monitor", "--edgehub-metrics", "auto"])
        #expect(monitor.exitCode == 2)
        #expect(monitor.stderr.contains("--edgehub-metrics needs --device"), "\(monitor.stderr)")
    }

    @Test func aGivenURLThatDoesNotAnswerIsAnErrorSayingSoWithinTheTimeout() async throws {
        let port = try LoopbackPort.free()
        let check = try await BinaryRunner().run(["check", "--device", "d1", "--edgehub-metrics", "http://127.0.0.1:\(port)/metrics",
                                                  "--output", "json"], timeout: .seconds(60))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let checks = try #require(json["checks"] as? [[String: Any]])
        let metrics = try #require(checks.first { $0["id"] as? String == "edgehub-metrics" }, "\(check.stdout)")
        #expect(metrics["status"] as? String == "error")
        #expect((metrics["details"] as? [String])?.first?.contains("127.0.0.1:\(port)/metrics did not answer") == true, "\(metrics)")
    }
}
