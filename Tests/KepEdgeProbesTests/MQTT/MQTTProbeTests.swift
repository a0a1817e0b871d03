import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The probe against a real mosquitto: TLS with a password file, as edgeHub would be reached by Kepware.
@Suite("MQTT probe against mosquitto", .serialized)
struct MQTTProbeTests {
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let otherKey = "NMgJDvdKTxjLi+xBxxkDDEwDJxEvOE5u8BiT0mVgPeg="

    /// Settings for `kepware-01` through a gateway called `localhost` (the test certificate's name).
    static func settings() throws -> GatewayMQTTSettings {
        try GatewayMQTTSettings(gatewayHostName: "localhost", hub: IoTHubHost(parsing: "testhub"), device: DeviceID(validating: "kepware-01"))
    }

    static func token(_ key: String, settings: GatewayMQTTSettings, expiry: Int = Int(Date().timeIntervalSince1970) + 3600) throws -> SASToken {
        SASToken.forDevice(hub: settings.hub, device: settings.device, key: try SharedAccessKey(base64: key), expiry: expiry)
    }

    /// A TLS broker that accepts exactly `settings.username` with `token` as the password.
    static func tlsBroker(_ certificates: TestCertificates, settings: GatewayMQTTSettings, token: SASToken) async throws -> MosquittoBroker {
        let passwords = try MosquittoPasswordFile.create(in: certificates.directory, username: settings.username, password: token.value.revealed)
        let broker = try MosquittoBroker(tls: certificates.brokerTLS, extraConfiguration: ["password_file \(passwords)", "allow_anonymous false"])
        try await broker.start(timeout: 20)
        return broker
    }

    /// A TLS broker standing in for edgeHub, accepting `kepware-01` with a token from `key`.
    struct GatewayFixture {
        let certificates: TestCertificates
        let settings: GatewayMQTTSettings
        let token: SASToken
        let broker: MosquittoBroker

        static func start() async throws -> GatewayFixture {
            let certificates = try TestCertificates()
            let settings = try MQTTProbeTests.settings()
            let token = try MQTTProbeTests.token(MQTTProbeTests.key, settings: settings)
            let broker = try await MQTTProbeTests.tlsBroker(certificates, settings: settings, token: token)
            return GatewayFixture(certificates: certificates, settings: settings, token: token, broker: broker)
        }
    }

    @Test("the device's credentials get CONNACK 0, and the test message a PUBACK with a round-trip time")
    func acceptedAndAcknowledged() async throws {
        let gateway = try await GatewayFixture.start()
        defer { gateway.broker.shutDown() }
        let (certificates, settings, token, broker) = (gateway.certificates, gateway.settings, gateway.token, gateway.broker)

        let request = MQTTConnectRequest(settings: settings, token: token, caFile: certificates.rootCAFile, port: broker.port)
        let report = await MQTTProbe.run(request)

        #expect(report.outcome == .accepted)
        #expect(report.connack?.code == 0)
        #expect((report.connectMilliseconds ?? -1) > 0)
        guard case .acknowledged(let topic, let milliseconds)? = report.publish else {
            Issue.record("no PUBACK: \(String(describing: report.publish))")
            return
        }
        #expect(topic == "devices/kepware-01/messages/events/")
        #expect(milliseconds > 0 && milliseconds < 10_000)
        // The broker saw the device exactly as Kepware would connect: MQTT 3.1.1, keep-alive 60, the hub username.
        let log = broker.log
        #expect(log.contains("as kepware-01 (p2, c1, k60, u'testhub.azure-devices.net/kepware-01/?api-version="))
        #expect(log.contains("Received PUBLISH from kepware-01 (d0, q1, r0, m1, 'devices/kepware-01/messages/events/'"))
        // The message pane's last probe line says what happened, once.
        #expect(report.events.last == .stopped(reason: "disconnected after the test message"))
    }

    @Test("a wrong SAS token is refused with CONNACK 5 (what mosquitto 2.0.11 sends for MQTT 3.1.1), causes ranked")
    func wrongPasswordRefused() async throws {
        let gateway = try await GatewayFixture.start()
        defer { gateway.broker.shutDown() }
        let (certificates, settings, broker) = (gateway.certificates, gateway.settings, gateway.broker)

        let wrong = try Self.token(Self.otherKey, settings: settings)
        let report = await MQTTProbe.run(MQTTConnectRequest(settings: settings, token: wrong, caFile: certificates.rootCAFile, port: broker.port))

        #expect(report.outcome == .refused)
        let diagnosis = try #require(report.connack)
        #expect(diagnosis.code == 5)
        #expect(diagnosis.name == "not authorized")
        // The token is neither expired nor for another device or hub: those are ruled out, not suggested.
        let ruledOut = Set(diagnosis.causes.filter { $0.evidence == .ruledOut }.map(\.id))
        #expect(ruledOut == ["token-expired", "client-id-not-device", "audience-mismatch"])
        #expect(diagnosis.likelyCauses.first?.id == "no-parent")
        #expect(report.publish == nil)
    }

    @Test("a CA that did not sign the server's certificate is a TLS failure, not a CONNACK")
    func wrongCAIsTLSFailure() async throws {
        let gateway = try await GatewayFixture.start()
        defer { gateway.broker.shutDown() }
        let (certificates, settings, token, broker) = (gateway.certificates, gateway.settings, gateway.token, gateway.broker)

        let report = await MQTTProbe.run(MQTTConnectRequest(settings: settings, token: token, caFile: certificates.unrelatedRootCAFile, port: broker.port))
        #expect(report.outcome == .tlsFailed)
        #expect(report.connack == nil)
        #expect(report.failureDetail?.contains("certificate verify failed") == true, "\(report.failureDetail ?? "nil")")
    }

    @Test("dialling a name the certificate does not carry fails hostname verification")
    func hostnameVerified() async throws {
        let gateway = try await GatewayFixture.start()
        defer { gateway.broker.shutDown() }
        let (certificates, settings, token, broker) = (gateway.certificates, gateway.settings, gateway.token, gateway.broker)

        let request = MQTTConnectRequest(settings: settings, token: token, caFile: certificates.rootCAFile, connectHost: "127.0.0.1", port: broker.port)
        let report = await MQTTProbe.run(request)
        #expect(report.outcome == .tlsFailed)
        #expect(report.connack == nil)
    }

    @Test("a server that accepts and never answers times out within the connect timeout")
    func silentServerTimesOut() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let certificates = try TestCertificates()
        for transport in [MQTTTransport.plainTCP, .tls(caFile: certificates.rootCAFile)] {
            let request = MQTTConnectRequest(host: "localhost", port: listener.port, clientID: "kepware-01", username: "u", password: nil,
                                             transport: transport, topic: "t", connectTimeoutSeconds: 1)
            let started = Date()
            let report = await MQTTProbe.run(request)
            #expect(report.outcome == .timedOut, "\(transport): \(report.events)")
            #expect(Date().timeIntervalSince(started) < 6)  // 1 s timeout; generous for a loaded machine
        }
    }

    @Test("nothing listening is a connection failure, reported at once")
    func nothingListening() async throws {
        let port = try LoopbackPort.free()
        let request = MQTTConnectRequest(host: "127.0.0.1", port: port, clientID: "kepware-01", username: "u", password: nil,
                                         transport: .plainTCP, topic: "t", connectTimeoutSeconds: 30)
        let started = Date()
        let report = await MQTTProbe.run(request)
        #expect(report.outcome == .connectFailed)
        #expect(Date().timeIntervalSince(started) < 10)  // long before the 30 s timeout
    }

    @Test("a broker stopped mid-session is reported as a disconnect, and the session reconnects when it is back")
    func reconnectsAfterBrokerRestart() async throws {
        let directory = try TemporaryDirectory()
        let passwords = try MosquittoPasswordFile.create(in: directory, username: "lab", password: "secret")
        let configuration = ["password_file \(passwords)", "allow_anonymous false"]
        let broker = try MosquittoBroker(extraConfiguration: configuration)
        try await broker.start(timeout: 20)
        defer { broker.shutDown() }

        let request = MQTTConnectRequest(host: "127.0.0.1", port: broker.port, clientID: "kepware-01", username: "lab",
                                         password: Secret("secret"), transport: .plainTCP, topic: "devices/kepware-01/messages/events/",
                                         connectTimeoutSeconds: 2)
        let session = MQTTSession(request: request, reconnect: ReconnectBackoff(initialSeconds: 0.2, maximumSeconds: 1))
        let recorder = StreamRecorder(session.events)
        session.start()
        defer { session.stop() }

        let first = try #require(await recorder.wait(for: 15) { if case .connected = $0 { true } else { false } })
        broker.stop()
        let lost = try #require(await recorder.wait(for: 15, after: first.index) { if case .disconnected = $0 { true } else { false } })
        let restarted = try MosquittoBroker(port: broker.port, extraConfiguration: configuration)
        try await restarted.start(timeout: 20)
        defer { restarted.shutDown() }
        let again = await recorder.wait(for: 20, after: lost.index) { if case .connected = $0 { true } else { false } }
        #expect(again != nil, "not reconnected: \(recorder.received)")
        #expect(recorder.received.contains { if case .reconnectScheduled = $0 { true } else { false } })

        // And it still publishes after the reconnect.
        session.publish(KepwareProbeMessage.payload(sequence: 2, at: Date()))
        #expect(await recorder.wait(for: 15, after: lost.index) { if case .published = $0 { true } else { false } } != nil)
        session.stop()
        #expect(await recorder.waitUntilFinished(timeout: 15))
    }
}
