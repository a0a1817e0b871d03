import Foundation
import KepEdgeCore
import KepEdgeProbes
@testable import KepEdgeRuntime
import KepEdgeTestSupport
import Testing

/// Typing step 3's device id restarts the followers at every key (`Wizard.reduce`). In the field each IoT Hub
/// reader is a TLS connection, a CBS token and a receiver per partition, and each edgeHub log follower a
/// process: the runtime starts them for the id the engineer settles on, not for every prefix of it.
@Suite(.serialized)
struct WizardRuntimeFollowSettleTests {
    static let typed = "kepware-z"
    static let owner = HubOwnerConnectionString(
        hub: try! IoTHubHost(parsing: "lab-hub.azure-devices.net"), policyName: "iothubowner",
        key: try! SharedAccessKey(base64: Data((0..<32).map { UInt8($0 * 3) }).base64EncodedString()))

    /// The device ids an event source was started for, in order.
    final class Starts: @unchecked Sendable {
        private let lock = NSLock()
        private var devices: [String?] = []
        var all: [String?] { lock.withLock { devices } }
        func record(_ device: String?) { lock.withLock { devices.append(device) } }
    }

    /// The wizard's effects while the id is typed one key every 50 ms: each key stops the last follow and starts one.
    static func typeDeviceID(into runtime: WizardRuntime, effect: (String, Generation) -> Wizard.Effect) async throws {
        var generation: Generation = 1
        for length in 1...typed.count {
            runtime.perform(.stopFollowing(generation))
            generation += 1
            runtime.perform(effect(String(typed.prefix(length)), generation))
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func typingADeviceIDKeyByKeyOpensOneIoTHubConnection() async throws {
        // Connections wait in the backlog unanswered: a reader that dialled stays in its TLS handshake.
        let listener = try LoopbackListener()
        defer { listener.close() }
        var configuration = WizardRuntimeConfiguration(edgeHubLogCommands: [])
        configuration.hubEvents = HubEventsEndpoint(dialHost: "127.0.0.1", port: listener.port)
        let runtime = WizardRuntime(configuration: configuration) { _ in }
        defer { runtime.shutdown() }
        try await Self.typeDeviceID(into: runtime) { .followHubEvents(deviceID: $0, owner: Self.owner, $1) }
        try await Task.sleep(for: .seconds(2))
        #expect(listener.acceptWaiting() == 1, "one connection, for \(Self.typed)")
    }

    @Test func theFirstFollowStartsAtOnceAndTypingRestartsItOnceForTheSettledID() async throws {
        let starts = Starts()
        var configuration = WizardRuntimeConfiguration(edgeHubLogCommands: [])
        configuration.hubEvents = nil
        configuration.eventSources = [WizardEventSource(name: "recorder", source: .broker) { device in
            starts.record(device)
            return AsyncStream { _ in }
        }]
        let runtime = WizardRuntime(configuration: configuration) { _ in }
        defer { runtime.shutdown() }
        // The wizard's first follow, at start: a log followed from now on must not miss what comes next.
        runtime.perform(.followEvents(deviceID: nil, 1))
        try await Task.sleep(for: .milliseconds(150))
        #expect(starts.all == [nil], "started within 150 ms")
        try await Self.typeDeviceID(into: runtime) { .followEvents(deviceID: $0, $1) }
        try await Task.sleep(for: .seconds(1))
        #expect(starts.all == [nil, Self.typed])
    }
}
