import Foundation
import KepEdgeCore
@testable import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// Issue 17 item 4: the name lookup libmosquitto runs inside `mosquitto_connect_async` is synchronous and
/// unbounded, and the probe had no overall deadline. A dead DNS server or a peer that never answers the
/// handshake must give a verdict, not a wizard that waits forever.
@Suite("MQTT probe: bounded lookup and overall deadline", .serialized)
struct MQTTProbeDeadlineTests {
    static func request(host: String, port: Int, transport: MQTTTransport = .plainTCP, connectTimeout: Double = 1) -> MQTTConnectRequest {
        MQTTConnectRequest(host: host, port: port, clientID: "kepware-01", username: "hub/kepware-01/?api-version=2021-04-12",
                           password: nil, transport: transport, topic: "devices/kepware-01/messages/events/",
                           connectTimeoutSeconds: connectTimeout, publishTimeoutSeconds: 1, disconnectTimeoutSeconds: 1)
    }

    /// A lookup that answers only when the test lets it (a DNS server that does not answer).
    final class HungLookup: @unchecked Sendable {
        let release = DispatchSemaphore(value: 0)
        func lookUp(_ host: String) -> (addresses: [String], error: String?) {
            _ = release.wait(timeout: .now() + 60)
            return (["127.0.0.1"], nil)
        }
    }

    @Test("a lookup that never answers ends the attempt within the connect timeout, naming the host")
    func hungLookup() async throws {
        let hung = HungLookup()
        defer { hung.release.signal() }
        let request = Self.request(host: "gateway.plant.example", port: 8883, connectTimeout: 1)
        let session = MQTTSession(request: request, reconnect: nil, lookUp: { hung.lookUp($0) })
        let started = ContinuousClock.now
        let report = await MQTTProbe.run(request, publishTestMessage: true, session: session)

        #expect(report.outcome == .connectFailed)
        #expect(report.failureDetail == "the name gateway.plant.example was not resolved within 1 s (is a DNS server reachable?)")
        // The lookup would hold it for 60 s; a generous bound proves it did not wait for it.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("a name that does not resolve is a connect failure saying so, before libmosquitto is asked")
    func unresolvedName() async throws {
        let request = Self.request(host: "no-such-gateway", port: 8883)
        let session = MQTTSession(request: request, reconnect: nil, lookUp: { _ in ([], "Name or service not known") })
        let report = await MQTTProbe.run(request, publishTestMessage: true, session: session)

        #expect(report.outcome == .connectFailed)
        #expect(report.failureDetail == "the name no-such-gateway does not resolve: Name or service not known")
    }

    @Test("the system resolver's answer for a name that cannot exist is a connect failure, not a hang")
    func invalidNameThroughTheSystemResolver() async throws {
        let request = Self.request(host: "kepedge-test.invalid", port: 8883, connectTimeout: 5)
        let report = await MQTTProbe.run(request)
        #expect(report.outcome == .connectFailed)
        #expect(report.failureDetail?.hasPrefix("the name kepedge-test.invalid ") == true)
    }

    @Test("a numeric address skips the lookup")
    func numericAddress() {
        let outcome = BoundedLookup.lookUp("127.0.0.1", timeout: .seconds(1), using: { _ in ([], "must not be called") })
        #expect(outcome == .resolved(["127.0.0.1"]))
        #expect(BoundedLookup.lookUp("::1", timeout: .seconds(1), using: { _ in ([], "must not be called") }) == .resolved(["::1"]))
    }

    @Test("a stop asked during the lookup ends the wait")
    func stopDuringLookup() {
        let hung = HungLookup()
        defer { hung.release.signal() }
        let outcome = BoundedLookup.lookUp("gateway", timeout: .seconds(30), shouldStop: { true }, using: { hung.lookUp($0) })
        #expect(outcome == .stopped)
    }

    @Test("a peer that accepts TCP but never answers the TLS handshake: the probe's overall limit gives a verdict")
    func silentPeerHitsTheOverallLimit() async throws {
        let certificates = try TestCertificates()
        let silent = try LoopbackListener()  // the kernel completes TCP; nobody ever reads or writes
        defer { silent.close() }
        let request = Self.request(host: "localhost", port: silent.port, transport: .tls(caFile: certificates.rootCAFile),
                                   connectTimeout: 60)
        let session = MQTTSession(request: request, reconnect: nil)
        let started = ContinuousClock.now
        let report = await MQTTProbe.run(request, publishTestMessage: true, session: session, limit: .seconds(2))

        #expect(report.outcome == .timedOut)
        #expect(report.failureDetail == "no verdict within 2 s (the connection or name lookup hung)")
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("the overall limit is the sum of the request's timeouts plus 2 s, and bounded for absurd values")
    func overallLimit() {
        #expect(MQTTProbe.overallLimit(for: Self.request(host: "h", port: 1, connectTimeout: 10)) == .seconds(14))
        let absurd = Self.request(host: "h", port: 1, connectTimeout: .greatestFiniteMagnitude)
        #expect(MQTTProbe.overallLimit(for: absurd) == .seconds(86_400))
    }
}
