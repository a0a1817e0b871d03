import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The real AMQP client (Proton, TLS with name checks) against the lab IoT Hub's AMQP endpoint (Proton as
/// a server): SASL PLAIN, the `amqp:link:redirect`, CBS put-token, the `$management` read and the
/// partition receivers with the enqueued-time filter, and a distinct verdict for each fault.
@Suite(.serialized)
struct HubEventsAgainstLabEndpointTests {
    static let hubHost = "lab-hub.azure-devices.net"
    static let ownerKey = try! SharedAccessKey(base64: Data((0..<32).map { UInt8($0 * 3) }).base64EncodedString())
    static let wrongKey = try! SharedAccessKey(base64: Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString())
    static let device = "kepware-lab-01"
    static let kepwareMessage = Data(#"{"timestamp":1700000000000,"values":[{"id":"Channel1.Device1.Tag1","v":42,"q":true,"t":1700000000000}]}"#.utf8)

    static func request(_ endpoint: LabIoTHubAMQPEndpoint, key: SharedAccessKey = ownerKey, port: Int? = nil, from: Date = Date()) throws -> HubEventsRequest {
        let owner = HubOwnerConnectionString(hub: try IoTHubHost(parsing: hubHost), policyName: "iothubowner", key: key)
        var request = HubEventsRequest(owner: owner, from: from)
        request.dialHost = "127.0.0.1"
        request.port = port ?? endpoint.port
        request.caFile = endpoint.caFile
        request.device = device
        request.stepTimeoutSeconds = 10
        return request
    }

    /// Updates until `until` says stop, or nil after `seconds`.
    static func collect(_ stream: AsyncStream<HubEventsUpdate>, seconds: Double = 15,
                        until: @escaping @Sendable ([HubEventsUpdate]) -> Bool) async -> [HubEventsUpdate] {
        await withTaskGroup(of: [HubEventsUpdate]?.self) { group in
            group.addTask {
                var seen: [HubEventsUpdate] = []
                for await update in stream {
                    seen.append(update)
                    if until(seen) { return seen }
                }
                return seen
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? []
        }
    }

    /// The message bodies among `updates`, as text, in order.
    static func bodies(_ updates: [HubEventsUpdate]) -> [String] {
        updates.compactMap { if case .message(let message) = $0 { String(decoding: message.body, as: UTF8.self) } else { nil } }
    }

    @Test func readsOnlyNewEventsOfTheDeviceThroughTheRedirect() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: Self.hubHost, policies: ["iothubowner": Self.ownerKey], directory: directory.path)
        defer { endpoint.stop() }
        // Enqueued before "now": the filter must keep it out.
        endpoint.publish(deviceID: Self.device, body: Data("old".utf8))
        try await Task.sleep(for: .milliseconds(20))
        let stream = HubEventsReader.updates(try Self.request(endpoint))
        let listening = HubEventsListeningProbe()
        let task = Task {
            await Self.collect(stream) { seen in
                if seen.contains(where: { if case .listening = $0 { true } else { false } }) { listening.mark() }
                return seen.contains { if case .message = $0 { true } else { false } } || seen.contains { if case .failed = $0 { true } else { false } }
            }
        }
        try await listening.wait(seconds: 15)
        endpoint.publish(deviceID: "some-other-device", body: Data("not ours".utf8))
        endpoint.publish(deviceID: Self.device, body: Self.kepwareMessage)
        let updates = await task.value

        #expect(updates.first == .redirected(EventHubTarget(host: endpoint.namespaceHost, port: endpoint.port, entityPath: endpoint.entityPath)))
        #expect(updates.contains(.listening(partitions: ["0", "1", "2", "3"])))
        let messages = updates.compactMap { if case .message(let message) = $0 { message } else { nil } }
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.deviceID == Self.device)
        #expect(message.body == Self.kepwareMessage)
        #expect(message.annotations["iothub-message-source"] == .text("Telemetry"))
        #expect(message.enqueuedTime.map { abs($0.timeIntervalSinceNow) < 10 } == true)
        let event = try #require(HubEventDecoding.event(message, device: Self.device, receivedAt: Date()))
        #expect(event.source == .iotHub)
        #expect(event.rows?.first?.tag == "Channel1.Device1.Tag1")
    }

    /// A service closes connections when it moves a partition; the reader reconnects and resumes after the last
    /// sequence number it saw. Resuming after the last enqueued time (as it did) skipped the events enqueued in
    /// the same millisecond as the last one read that had not been delivered yet.
    @Test func aForcedCloseResumesAfterTheLastSequenceNumberSkippingAndRepeatingNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: Self.hubHost, policies: ["iothubowner": Self.ownerKey], directory: directory.path)
        defer { endpoint.stop() }
        let request = try Self.request(endpoint)
        let sameMillisecond = request.from.addingTimeInterval(1)
        let stream = HubEventsReader.updates(request, backoff: ReconnectBackoff(initialSeconds: 0.1, maximumSeconds: 0.2))
        let listening = HubEventsListeningProbe()
        let threeRead = HubEventsListeningProbe("the first three events never arrived")
        let task = Task {
            await Self.collect(stream, seconds: 20) { seen in
                if seen.contains(where: { if case .listening = $0 { true } else { false } }) { listening.mark() }
                if Self.bodies(seen).count >= 3 { threeRead.mark() }
                return Self.bodies(seen).count >= 5
            }
        }
        try await listening.wait(seconds: 15)
        for index in 1...3 { endpoint.publish(deviceID: Self.device, body: Data("m\(index)".utf8), enqueuedAt: sameMillisecond) }
        try await threeRead.wait(seconds: 15)
        endpoint.dropReaders()
        // Enqueued in the same millisecond as m3: to a reader that resumes by time they look already read.
        for index in 4...5 { endpoint.publish(deviceID: Self.device, body: Data("m\(index)".utf8), enqueuedAt: sameMillisecond) }
        let updates = await task.value

        #expect(Self.bodies(updates) == ["m1", "m2", "m3", "m4", "m5"])
        let retried = updates.contains { if case .failed(_, let retry) = $0 { retry != nil } else { false } }
        #expect(retried, "the forced close is reported and retried: \(updates)")
        #expect(updates.filter { if case .listening = $0 { true } else { false } }.count == 2, "listening again after the reconnect")
    }

    /// The offset positions the Event Hubs SDKs send: `-1` reads a partition from its start, `@latest` only what
    /// is enqueued after the link opens (azure-sdk-for-js `EventPosition.earliest()`, `.latest()`).
    @Test(arguments: [(Int64?.some(-1), "before"), (Int64?.none, "after")])
    func offsetPositionsStartAtTheStreamsStartOrItsEnd(offset: Int64?, firstRead: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: Self.hubHost, policies: ["iothubowner": Self.ownerKey], directory: directory.path)
        defer { endpoint.stop() }
        endpoint.publish(deviceID: Self.device, body: Data("before".utf8))
        var request = try Self.request(endpoint)
        request.startPositions = Dictionary(uniqueKeysWithValues: endpoint.partitionIDs.map { ($0, HubEventFilter(field: .offset, position: offset)) })
        let stream = HubEventsReader.updates(request)
        let listening = HubEventsListeningProbe()
        let task = Task {
            await Self.collect(stream) { seen in
                if seen.contains(where: { if case .listening = $0 { true } else { false } }) { listening.mark() }
                return seen.contains { if case .message(let message) = $0 { message.body == Data("after".utf8) } else { false } }
            }
        }
        try await listening.wait(seconds: 15)
        // `.listening` is said once the links are sent, and `@latest` counts from when the hub attaches one:
        // "after" is enqueued until one arrives.
        let publisher = Task {
            while !Task.isCancelled {
                endpoint.publish(deviceID: Self.device, body: Data("after".utf8))
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let updates = await task.value
        publisher.cancel()
        let bodies = Self.bodies(updates)
        #expect(bodies.first == firstRead, "\(bodies)")
        #expect(bodies.last == "after")
        #expect(bodies.contains("before") == (firstRead == "before"))
    }

    @Test func aWrongOwnerKeyIsRefusedAtSASLAndNotRetried() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: Self.hubHost, policies: ["iothubowner": Self.ownerKey], directory: directory.path)
        defer { endpoint.stop() }
        let updates = await Self.collect(HubEventsReader.updates(try Self.request(endpoint, key: Self.wrongKey))) { seen in
            seen.contains { if case .failed = $0 { true } else { false } }
        }
        guard case .failed(let failure, let retry)? = updates.last else { Issue.record("no failure: \(updates)"); return }
        #expect(failure.kind == "unauthorized")
        #expect(retry == nil)
    }

    @Test func anEndpointThatIsDownIsPortBlockedAndRetried() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: Self.hubHost, policies: ["iothubowner": Self.ownerKey], directory: directory.path)
        let closedPort = try LoopbackPort.free()
        let request = try Self.request(endpoint, port: closedPort)
        endpoint.stop()
        let updates = await Self.collect(HubEventsReader.updates(request)) { seen in
            seen.contains { if case .failed = $0 { true } else { false } }
        }
        guard case .failed(let failure, let retry)? = updates.last else { Issue.record("no failure: \(updates)"); return }
        #expect(failure.kind == "port-blocked")
        #expect(retry != nil)
        #expect(failure.description.contains("WebSockets on 443"))
    }

    @Test func aCertificateForAnotherNameFailsTLS() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: Self.hubHost, policies: ["iothubowner": Self.ownerKey], directory: directory.path)
        defer { endpoint.stop() }
        var request = try Self.request(endpoint)
        request.owner = HubOwnerConnectionString(hub: try IoTHubHost(parsing: "other-hub.azure-devices.net"), policyName: "iothubowner", key: Self.ownerKey)
        let updates = await Self.collect(HubEventsReader.updates(request)) { seen in
            seen.contains { if case .failed = $0 { true } else { false } }
        }
        guard case .failed(let failure, _)? = updates.last else { Issue.record("no failure: \(updates)"); return }
        #expect(failure.kind == "tls-failed")
    }
}

/// Signals the test when the reader reports it listens.
final class HubEventsListeningProbe: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var marked = false
    private let failure: String

    init(_ failure: String = "the reader never listened") { self.failure = failure }

    func mark() {
        lock.withLock {
            if !marked { marked = true; semaphore.signal() }
        }
    }

    func wait(seconds: Double) async throws {
        let semaphore = self.semaphore
        let ok = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: semaphore.wait(timeout: .now() + seconds) == .success) }
        }
        try #require(ok, "\(failure)")
    }
}
