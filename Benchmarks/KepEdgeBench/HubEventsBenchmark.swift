import Foundation
import KepEdgeCore
import KepEdgeLab

/// Benchmark 8: the lab IoT Hub's AMQP endpoint enqueues Kepware messages as fast as it can while
/// `kepedge monitor --hub-events --device bench-01 --json` reads them through the whole `az` path (redirect,
/// CBS, one receiver per partition). The reader takes messages only as its AMQP credit allows (docs/hub-events.md),
/// so the endpoint holds what is not read yet, as IoT Hub does: every message must be printed, and the rate is
/// the monitor's own. It is set beside the most one S3 IoT Hub unit ingests (300,000,000 messages a day, the
/// highest tier's quota: Azure IoT Hub pricing and quotas), which is more than a real built-in endpoint delivers.
enum HubEventsBenchmark {
    static let device = "bench-01"
    /// One S3 unit's daily message quota spread evenly over the day.
    static let s3UnitMessagesPerSecond = 300_000_000.0 / 86_400

    static func run(messages: Int) async -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "hub_events",
            bound: "kepedge monitor's reading and printing (it paces the lab's Proton server through AMQP credit); both share the machine's cores over TLS on loopback; one device, so one partition.")
        var cleanup: [() -> Void] = []
        defer { cleanup.reversed().forEach { $0() } }
        do {
            guard let kepedge = Executables.kepedge else { throw BenchFailure("kepedge is not built next to the benchmark (or set KEPEDGE_BINARY)") }
            let folder = try ScratchFolder("kepedge-bench-hub-events")
            cleanup.append { folder.remove() }
            let key = try SharedAccessKey(base64: Data((0..<32).map { UInt8($0) }).base64EncodedString())
            let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: "bench-hub.azure-devices.net", policies: ["iothubowner": key],
                                                                directory: folder.path)
            cleanup.append { endpoint.stop() }
            let owner = HubOwnerConnectionString(hub: try IoTHubHost(parsing: "bench-hub.azure-devices.net"), policyName: "iothubowner", key: key)
            let ownerFile = try folder.write("owner", owner.connectionString.revealed + "\n")
            chmod(ownerFile, 0o600)
            let monitor = try LineCounter(kepedge, ["monitor", "--hub-events", "--hub-owner-file", ownerFile, "--device", device,
                                                    "--hub-events-endpoint", "127.0.0.1:\(endpoint.port)", "--hub-events-ca", endpoint.caFile, "--json"],
                                          marker: "arrived in IoT Hub")
            cleanup.append { monitor.stop() }
            // The monitor reads from "now": it counts only once it listens, so warm-up messages go until one arrives.
            let ready = ContinuousClock.now + .seconds(30)
            while !monitor.sawAnyLine(containing: "arrived in IoT Hub") {
                guard ContinuousClock.now < ready else { throw BenchFailure("kepedge monitor --hub-events read nothing within 30 s") }
                endpoint.publish(deviceID: device, body: Data(KepwareSamples.line(index: 0, tags: 8).utf8))
                usleep(200_000)
            }
            let warm = monitor.count
            let payloads = KepwareSamples.payloads(count: messages, tags: 8)
            let start = ContinuousClock.now
            for payload in payloads { endpoint.publish(deviceID: device, body: payload) }
            let published = Measure.seconds(ContinuousClock.now - start)
            while monitor.count - warm < messages {
                if (monitor.lastArrival ?? start) < ContinuousClock.now - .seconds(3) { break }
                usleep(20_000)
            }
            let received = monitor.count - warm
            let monitorRate = monitor.lastArrival.map { Double(received) / Measure.seconds($0 - start) } ?? 0
            let publishRate = Double(messages) / published
            result.add(Metric("messages", Double(messages), "messages"))
            result.add(Metric("lab_enqueue_messages_per_second", publishRate, "msg/s"))
            result.add(Metric("kepedge_monitor_hub_events_messages_per_second", monitorRate, "msg/s"))
            result.add(Metric("kepedge_monitor_hub_events_received_fraction", Double(received) / Double(messages), "ratio", atLeast: 1))
            result.add(Metric("kepedge_monitor_hub_events_vs_S3_unit", monitorRate / s3UnitMessagesPerSecond, "x", atLeast: 1))
            result.add(Metric("kepedge_monitor_hub_events_vs_100Hz_agent", monitorRate / 100, "x", atLeast: 10))
        } catch {
            result.error = "\(error)"
        }
        return result
    }
}
