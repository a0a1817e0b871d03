import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeProbes
@testable import KepEdgeRuntime
import KepEdgeTestSupport
import Testing

/// `hub-arrival` as `kepedge check` runs it: the real AMQP client (redirect, CBS, partitions) against the lab
/// IoT Hub's AMQP endpoint, one distinct verdict for each way the cloud's word can come back.
@Suite(.serialized)
struct HubArrivalAgainstLabEndpointTests {
    static let hubHost = "lab-hub.azure-devices.net"
    static let ownerKey = try! SharedAccessKey(base64: Data((0..<32).map { UInt8($0 * 5) }).base64EncodedString())
    static let wrongKey = try! SharedAccessKey(base64: Data((0..<32).map { UInt8(200 - $0) }).base64EncodedString())
    static let device = "kepware-01"

    static func inputs(key: SharedAccessKey = ownerKey) throws -> (device: String, owner: HubOwnerConnectionString) {
        (device, HubOwnerConnectionString(hub: try IoTHubHost(parsing: hubHost), policyName: "iothubowner", key: key))
    }

    /// Kepware's standard template, stamped `millisecondsAgo` before now.
    static func kepwareBody(millisecondsAgo: Int64 = 300) -> Data {
        let stamp = Int64(Date().timeIntervalSince1970 * 1000) - millisecondsAgo
        return Data(#"{"timestamp":\#(stamp),"values":[{"id":"Channel1.Device1.Tag1","v":42,"q":true,"t":\#(stamp)}]}"#.utf8)
    }

    /// The lab endpoint, with a publisher standing in for edgeHub's upstream (every 200 ms while `publishing`).
    static func withEndpoint(publishing: Bool, _ body: (LabIoTHubAMQPEndpoint) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let endpoint = try await LabIoTHubAMQPEndpoint.start(hubHost: hubHost, policies: ["iothubowner": ownerKey], directory: directory.path)
        defer { endpoint.stop() }
        let publisher = Task {
            while publishing, !Task.isCancelled {
                endpoint.publish(deviceID: "another-device", body: kepwareBody())
                endpoint.publish(deviceID: device, body: kepwareBody())
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        defer { publisher.cancel() }
        try await body(endpoint)
    }

    static func endpoint(_ lab: LabIoTHubAMQPEndpoint, port: Int? = nil) -> HubEventsEndpoint {
        HubEventsEndpoint(dialHost: "127.0.0.1", port: port ?? lab.port, caFile: lab.caFile)
    }

    @Test("the device's messages arrive: ok, with the latency from Kepware's timestamp to the enqueued time")
    func arrive() async throws {
        try await Self.withEndpoint(publishing: true) { lab in
            let checks = await CheckRun.hubArrival(inputs: try Self.inputs(), endpoint: Self.endpoint(lab), notGivenReason: nil, watch: .seconds(5))
            let result = try #require(checks.first?.result)
            #expect(checks.count == 1 && checks.first?.step == StepID.validation.rawValue)
            #expect(result.id == .hubArrival)
            #expect(result.status == .ok, "\(result)")
            #expect(result.title.hasPrefix("messages from kepware-01 arrive in IoT Hub within "))
            #expect(result.details.first?.hasPrefix("amqps://lab-hub.azure-devices.net:\(lab.port) (dialled at 127.0.0.1:\(lab.port))") == true)
            #expect(result.details.contains { $0.hasPrefix("end-to-end latency (Kepware's timestamp to enqueued time): median ") })
        }
    }

    @Test("nothing from the device while listening (no route upstream): an error pointing at the route")
    func noneArrive() async throws {
        try await Self.withEndpoint(publishing: false) { lab in
            let checks = await CheckRun.hubArrival(inputs: try Self.inputs(), endpoint: Self.endpoint(lab), notGivenReason: nil, watch: .seconds(2))
            let result = try #require(checks.first?.result)
            #expect(result.status == .error)
            #expect(result.title.hasPrefix("no message from kepware-01 arrived in IoT Hub in "))
            #expect(result.fix?.contains("$upstream") == true)
        }
    }

    @Test("a wrong owner key: IoT Hub refuses it (401), an error naming the policy to copy")
    func wrongOwnerKey() async throws {
        try await Self.withEndpoint(publishing: true) { lab in
            let checks = await CheckRun.hubArrival(inputs: try Self.inputs(key: Self.wrongKey), endpoint: Self.endpoint(lab), notGivenReason: nil, watch: .seconds(5))
            let result = try #require(checks.first?.result)
            #expect(result.status == .error)
            #expect(result.title == "IoT Hub's endpoint cannot be read from here: IoT Hub refused the hub-owner credentials (401)")
            #expect(result.fix?.contains("ServiceConnect") == true)
        }
    }

    @Test("the endpoint down: a warning that this machine cannot read it, not a verdict on the messages")
    func endpointDown() async throws {
        let closed = try LoopbackPort.free()
        let started = ContinuousClock.now
        let checks = await CheckRun.hubArrival(inputs: try Self.inputs(), endpoint: HubEventsEndpoint(dialHost: "127.0.0.1", port: closed),
                                               notGivenReason: nil, watch: .seconds(5))
        let result = try #require(checks.first?.result)
        #expect(result.status == .warning)
        #expect(result.title == "IoT Hub's endpoint cannot be read from here: nothing answers on port \(closed)")
        // It does not wait through the reader's backoff: a check reports the first failure.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("without a hub-owner connection string the check is skipped, saying what to give")
    func skipped() async throws {
        let checks = await CheckRun.hubArrival(inputs: nil, endpoint: HubEventsEndpoint(), notGivenReason: "no hub-owner connection string: give --hub-owner-file FILE", watch: .seconds(1))
        #expect(checks.map(\.result.status) == [.skipped])
        #expect(checks.first?.result.details == ["skipped: no hub-owner connection string: give --hub-owner-file FILE"])
    }
}
