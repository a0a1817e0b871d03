import Foundation
import KepEdgeCore
import KepEdgeLab
@testable import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// A reader slower than the hub: the lab enqueues far more events than the reader's buffer holds, the consumer
/// reads slowly and stops for a while, and every event still arrives, in order, through AMQP credit (the hub
/// keeps what is not read yet) with the buffer never past its bound and the connection never dropped.
@Suite(.serialized)
struct HubEventsFlowAgainstLabEndpointTests {
    static let devices = ["flow-a", "flow-b", "flow-c", "flow-d", "flow-e", "flow-f"]
    static let total = 20_000
    static let capacity = 64

    /// What the consumer saw.
    struct Reading: Sendable {
        var bodies: [String: [Int]] = [:]
        var sequences: [String: [Int64]] = [:]
        var messages = 0
        var listenings = 0
        var failures: [HubEventsFailure] = []
    }

    static func endpoint(in directory: TemporaryDirectory) async throws -> LabIoTHubAMQPEndpoint {
        try await LabIoTHubAMQPEndpoint.start(hubHost: HubEventsAgainstLabEndpointTests.hubHost,
                                              policies: ["iothubowner": HubEventsAgainstLabEndpointTests.ownerKey], directory: directory.path)
    }

    /// Every device's updates from the endpoint, through `gate`.
    static func everyDevice(_ endpoint: LabIoTHubAMQPEndpoint, gate: HubEventsFlowGate) throws -> AsyncStream<HubEventsUpdate> {
        var request = try HubEventsAgainstLabEndpointTests.request(endpoint)
        request.device = nil
        return HubEventsReader.stream(request, backoff: ReconnectBackoff(initialSeconds: 1, maximumSeconds: 1), gate: gate) { $0 }
    }

    @Test func aSlowReaderGetsEveryEventInOrderWhileItsBufferStaysWithinTheGate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await Self.endpoint(in: directory)
        defer { endpoint.stop() }
        let gate = HubEventsFlowGate(capacity: Self.capacity)
        let stream = try Self.everyDevice(endpoint, gate: gate)
        let listening = HubEventsListeningProbe()
        let reading = Task { () -> Reading in
            var reading = Reading()
            for await update in stream {
                switch update {
                case .listening:
                    reading.listenings += 1
                    listening.mark()
                case .failed(let failure, _):
                    reading.failures.append(failure)
                case .message(let message):
                    reading.messages += 1
                    let device = message.deviceID ?? "?"
                    reading.bodies[device, default: []].append(Int(String(decoding: message.body, as: UTF8.self)) ?? -1)
                    if case .integer(let sequence)? = message.annotations["x-opt-sequence-number"] {
                        reading.sequences[message.partition, default: []].append(sequence)
                    }
                    if reading.messages == Self.total { return reading }
                    // Slower than the lab: a pause now and then, and once a stop long enough for every link's
                    // credit to run out (the connection must stay open and reading go on after it).
                    if reading.messages % 2_000 == 0 { try? await Task.sleep(for: .milliseconds(50)) }
                    if reading.messages == 3_000 { try? await Task.sleep(for: .seconds(3)) }
                case .redirected:
                    break
                }
            }
            return reading
        }
        try await listening.wait(seconds: 15)
        for index in 0..<Self.total {
            endpoint.publish(deviceID: Self.devices[index % Self.devices.count], body: Data(String(index).utf8))
        }
        let deadline = Task {
            try? await Task.sleep(for: .seconds(120))
            reading.cancel()
        }
        let seen = await reading.value
        deadline.cancel()

        #expect(seen.messages == Self.total, "every event arrives: none dropped")
        for device in Self.devices {
            let bodies = seen.bodies[device] ?? []
            let expected = Array(stride(from: Self.devices.firstIndex(of: device)!, to: Self.total, by: Self.devices.count))
            #expect(bodies == expected, "\(device)'s events, all and in the order enqueued")
        }
        for (partition, sequences) in seen.sequences {
            let inOrder = zip(sequences, sequences.dropFirst()).allSatisfy { $1 == $0 + 1 }
            #expect(inOrder, "partition \(partition): sequence numbers without a gap or a step back")
        }
        #expect(seen.failures.isEmpty, "the connection stayed open while the reader did not read")
        #expect(seen.listenings == 1)
        // Unread events plus the connection's own updates (redirect, listening) at most.
        #expect(gate.peakHeld <= Self.capacity + 2)
        #expect(gate.peakHeld >= Self.capacity / 2, "the reader was slow enough to fill the gate")
    }

    @Test func cancellingAReaderWhoseLinksHaveNoCreditEndsTheStream() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await Self.endpoint(in: directory)
        defer { endpoint.stop() }
        let gate = HubEventsFlowGate(capacity: 8)
        let stream = try Self.everyDevice(endpoint, gate: gate)
        let listening = HubEventsListeningProbe()
        let reading = Task { () -> Int in
            var messages = 0
            for await update in stream {
                if case .listening = update { listening.mark() }
                if case .message = update {
                    messages += 1
                    // Stops reading; the links run out of credit while the task waits to be cancelled.
                    try? await Task.sleep(for: .seconds(60))
                }
            }
            return messages
        }
        try await listening.wait(seconds: 15)
        for index in 0..<200 { endpoint.publish(deviceID: Self.devices[index % Self.devices.count], body: Data(String(index).utf8)) }
        try await Task.sleep(for: .milliseconds(500))
        #expect(gate.heldCount <= 8 + 2)
        let cancelled = ContinuousClock.now
        reading.cancel()
        let messages = await reading.value
        #expect(ContinuousClock.now - cancelled < .seconds(5), "the stream ends promptly")
        #expect(messages >= 1)
    }
}
