import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The whole lab: Kepware's agent publishes through the gateway, and what edgeHub forwards upstream arrives in
/// the lab IoT Hub's built-in endpoint, read by the real client; with `no-route` nothing arrives.
@Suite(.serialized)
struct LabHubEventsTests {
    static func request(_ lab: Lab) throws -> HubEventsRequest {
        let text = try String(contentsOfFile: lab.manifest.hub.ownerConnectionStringFile, encoding: .utf8)
        let events = try #require(lab.manifest.hubEvents)
        var request = HubEventsRequest(owner: try HubOwnerConnectionString(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines)), from: Date())
        request.dialHost = "127.0.0.1"
        request.port = Int(events.endpoint.split(separator: ":").last ?? "") ?? 0
        request.caFile = events.caFile
        request.device = Lab.kepwareDeviceID
        request.stepTimeoutSeconds = 10
        return request
    }

    /// Messages read within `seconds` (after the reader listens).
    static func messages(_ lab: Lab, seconds: Double) async throws -> (listening: Bool, messages: [HubEventMessage]) {
        let stream = HubEventsReader.updates(try request(lab))
        let reading = Task {
            var seen: [HubEventsUpdate] = []
            for await update in stream { seen.append(update) }
            return seen
        }
        try await Task.sleep(for: .seconds(seconds))
        reading.cancel()
        let updates = await reading.value
        let listening = updates.contains { if case .listening = $0 { true } else { false } }
        return (listening, updates.compactMap { if case .message(let message) = $0 { message } else { nil } })
    }

    @Test func kepwaresMessagesArriveInIoTHubWithItsAnnotations() async throws {
        try await LabAgentRunnerTests.withLab { lab in
            let (listening, messages) = try await Self.messages(lab, seconds: 6)
            #expect(listening)
            let first = try #require(messages.first)
            #expect(first.deviceID == Lab.kepwareDeviceID)
            #expect(first.annotations["x-opt-sequence-number"] != nil)
            #expect(HubEventDecoding.event(first, device: Lab.kepwareDeviceID, receivedAt: Date())?.rows?.isEmpty == false)
            let written = try #require(lab.manifest.hubEvents?.connectionStringFile)
            let connectionString = try String(contentsOfFile: written, encoding: .utf8)
            #expect(connectionString.hasPrefix("Endpoint=sb://\(lab.manifest.hubEvents?.namespaceHost ?? "?")/;SharedAccessKeyName=iothubowner;"))
            let mode = try FileManager.default.attributesOfItem(atPath: written)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func withNoRouteNothingArrives() async throws {
        try await LabAgentRunnerTests.withLab(.noRoute) { lab in
            let (listening, messages) = try await Self.messages(lab, seconds: 5)
            #expect(listening)
            #expect(messages.isEmpty)
        }
    }
}
