import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Step 6: live validation")
struct ValidationStepTests {
    typealias Step = ValidationStep

    private func inputs(token: SASToken? = nil) throws -> Step.Inputs {
        Step.Inputs(gatewayHost: "gw01", port: 8883, caPath: "/certs/root.pem", hub: try StepFixtures.hub,
                    device: try StepFixtures.device, token: try token ?? StepFixtures.token())
    }

    /// The probe the runtime must run: TLS to gw01:8883 with the root CA, then MQTT as the device.
    private func probe() throws -> Step.ProbeRequest {
        let settings = try GatewayMQTTSettings(gatewayHostName: "gw01", hub: try StepFixtures.hub, device: try StepFixtures.device)
        return Step.ProbeRequest(
            tls: TLSProbeRequest(host: "gw01", port: 8883, caFile: "/certs/root.pem"),
            mqtt: MQTTConnectRequest(settings: settings, token: try StepFixtures.token(), caFile: "/certs/root.pem", port: 8883))
    }

    private func runningStore() throws -> TestStore<Step> {
        let store = TestStore<Step>(initialState: Step.State())
        let inputs = try inputs()
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        #expect(Step.status(store.state, now: StepFixtures.now) == .pending)
        store.send(.run, effects: [.probe(try probe(), 1)]) {
            $0.running = 1
            $0.ranWith = inputs
            $0.tls = .running(1)
            $0.nextGeneration = 2
        }
        #expect(Step.status(store.state, now: StepFixtures.now) == .running)
        return store
    }

    private func lines(_ state: Step.State) -> [String] {
        Step.checks(state, now: StepFixtures.now).map { "\($0.id) \($0.status.rawValue): \($0.title)" }
    }

    /// CONNACK 5 as edgeHub sends it, diagnosed with what the probe knew about its credentials.
    private func refusal() throws -> ConnackDiagnosis {
        ConnackDiagnosis.diagnose(code: 5, context: try probe().mqtt.diagnosisContext, now: StepFixtures.now)
    }

    /// Issue 13 §6: a second CONNECT with the device's client id makes edgeHub close Kepware's session.
    @Test("with Kepware's agent connected, run takes its event-log evidence and connects as the device only when confirmed")
    func connectedAgentIsNotDisturbed() throws {
        let store = TestStore<Step>(initialState: Step.State())
        var inputs = try inputs()
        inputs.agent = .connected(agentName: "line3", evidence: "MQTT agent 'line3' is connected to broker 'ssl://gw01:8883'")
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        store.send(.run, effects: []) {
            $0.ranWith = inputs
            $0.heldBack = "Kepware's agent 'line3' uses the client id iot-device-for-test: a second connection with it makes edgeHub close Kepware's session (\"already connected, closing old connection\"), so kepedge confirms the path by Kepware's event log instead"
        }
        #expect(lines(store.state) == ["validate-agent-evidence ok: path confirmed without disturbing Kepware: agent 'line3' is connected (Kepware's event log)"])
        #expect(Step.status(store.state, now: StepFixtures.now) == .done(warning: nil))

        store.send(.runAsDeviceAnyway, effects: [.probe(try probe(), 1)]) {
            $0.heldBack = nil
            $0.running = 1
            $0.tls = .running(1)
            $0.nextGeneration = 2
        }
    }

    @Test("an agent only configured is not disturbed either (a warning); a failing or absent one is probed")
    func probeDecisionByAgentPresence() {
        #expect(DeviceProbeDecision.decide(agent: .configured(agentName: "a"), deviceID: "d", confirmed: false) != .probe)
        #expect(DeviceProbeDecision.decide(agent: .configured(agentName: "a"), deviceID: "d", confirmed: true) == .probe)
        #expect(DeviceProbeDecision.decide(agent: .failing(agentName: "a", problem: "Warning"), deviceID: "d", confirmed: false) == .probe)
        #expect(DeviceProbeDecision.decide(agent: .notRunning, deviceID: "d", confirmed: false) == .probe)
        #expect(DeviceProbeDecision.decide(agent: .unknown, deviceID: "d", confirmed: false) == .probe)
        #expect(DeviceProbeDecision.evidenceCheck(agent: .configured(agentName: "a"), reason: "r").status == .warning)
        // check's step-5 results decide the same way.
        let connected = [CheckResult(id: .kepwareAgent, title: "", status: .ok),
                         CheckResult(id: .kepwareAgentConnected, title: "", status: .ok, details: ["last connected line: x"])]
        #expect(KepwareAgentPresence(stepFiveResults: connected, agentName: "a") == .connected(agentName: "a", evidence: "last connected line: x"))
        let failing = [CheckResult(id: .kepwareAgent, title: "", status: .ok),
                       CheckResult(id: .kepwareAgentConnected, title: "", status: .error, details: ["no connected line", "w1"])]
        #expect(KepwareAgentPresence(stepFiveResults: failing, agentName: "a") == .failing(agentName: "a", problem: "w1"))
        #expect(KepwareAgentPresence(stepFiveResults: [CheckResult(id: .kepwareAgent, title: "", status: .error)], agentName: "a") == .notRunning)
        #expect(KepwareAgentPresence(stepFiveResults: [], agentName: "a") == .unknown)
    }

    @Test("the probe is TLS then MQTT as the device with the exact agent credentials")
    func request() throws {
        let probe = try probe()
        #expect(probe.mqtt.clientID == "iot-device-for-test")
        #expect(probe.mqtt.username == "iot-hub-for-test.azure-devices.net/iot-device-for-test/?api-version=2021-04-12")
        #expect(probe.mqtt.password == (try StepFixtures.token().value))
        #expect(probe.mqtt.transport == .tls(caFile: "/certs/root.pem"))
        #expect(probe.mqtt.topic == "devices/iot-device-for-test/messages/events/")
    }

    @Test("TLS verified, CONNACK 0 and a PUBACK complete the step")
    func runOK() throws {
        let store = try runningStore()
        store.send(.tlsProbed(1, StepFixtures.verifiedReport())) { $0.tls = .loaded(StepFixtures.verifiedReport()) }
        let events: [MQTTSessionEvent] = [
            .connecting(attempt: 0, host: "gw01", port: 8883),
            .connected(milliseconds: 41.6),
            .published(messageID: 1, topic: "devices/iot-device-for-test/messages/events/", milliseconds: 12.2),
            .stopped(reason: "probe finished"),
        ]
        for event in events {
            store.send(.mqttEvent(1, event)) { $0.mqttEvents.append(event) }
        }
        #expect(Step.status(store.state, now: StepFixtures.now) == .running)
        store.send(.finished(1)) { $0.running = nil }
        #expect(lines(store.state) == [
            "tls-verify ok: gw01:8883: the certificate chain verifies against the CA in /certs/root.pem and holds the name gw01",
            "validate-connack ok: MQTT CONNECT as the device accepted (CONNACK 0)",
            "validate-puback ok: test message acknowledged (PUBACK) on devices/iot-device-for-test/messages/events/",
        ])
        #expect(Step.checks(store.state, now: StepFixtures.now).map(\.details) == [["TLSv1.3, TLS_AES_256_GCM_SHA384"], ["after 42 ms"], ["round trip 12 ms"]])
        #expect(Step.status(store.state, now: StepFixtures.now) == .done(warning: nil))
    }

    @Test("CONNACK 5 fails the step with its diagnosis, the likeliest cause as the fix")
    func refused() throws {
        let store = try runningStore()
        store.send(.tlsProbed(1, StepFixtures.verifiedReport())) { $0.tls = .loaded(StepFixtures.verifiedReport()) }
        let diagnosis = try refusal()
        store.send(.mqttEvent(1, .refused(diagnosis))) { $0.mqttEvents = [.refused(diagnosis)] }
        store.send(.finished(1)) { $0.running = nil }
        #expect(Step.status(store.state, now: StepFixtures.now) == .failed(reason: "MQTT CONNECT refused: CONNACK 5 (not authorized)"))
        let check = try #require(Step.checks(store.state, now: StepFixtures.now).last)
        let cause = try #require(diagnosis.likelyCauses.first)
        #expect(check.fix == "\(cause.text): \(cause.fix)")
        #expect(check.details.first == diagnosis.meaning)
    }

    @Test("an untrusted chain fails the step with the TLS diagnosis and its fix")
    func untrusted() throws {
        let store = try runningStore()
        store.send(.tlsProbed(1, StepFixtures.untrustedReport())) { $0.tls = .loaded(StepFixtures.untrustedReport()) }
        store.send(.mqttEvent(1, .tlsFailed(detail: "certificate verify failed"))) {
            $0.mqttEvents = [.tlsFailed(detail: "certificate verify failed")]
        }
        store.send(.finished(1)) { $0.running = nil }
        #expect(lines(store.state) == [
            "tls-verify error: edgeHub's certificate chain does not lead to the CA in /certs/root.pem",
            "validate-connack error: MQTT connection failed: certificate verify failed",
        ])
        #expect(Step.checks(store.state, now: StepFixtures.now).first?.fix?.hasPrefix("Use the root CA the gateway's edge CA was issued from") == true)
        #expect(Step.status(store.state, now: StepFixtures.now) == .failed(reason: "edgeHub's certificate chain does not lead to the CA in /certs/root.pem"))
    }

    @Test("timeouts and a probe that ends without a PUBACK fail the step")
    func timeouts() throws {
        let silent = try runningStore()
        silent.send(.mqttEvent(1, .connectTimedOut(seconds: 10))) { $0.mqttEvents = [.connectTimedOut(seconds: 10)] }
        silent.send(.finished(1)) {
            $0.running = nil
            $0.tls = .idle  // the runtime never reported TLS: nothing is running any more
        }
        #expect(Step.status(silent.state, now: StepFixtures.now) == .failed(reason: "no CONNACK within 10 s"))

        let noPuback = try runningStore()
        noPuback.send(.tlsProbed(1, StepFixtures.verifiedReport())) { $0.tls = .loaded(StepFixtures.verifiedReport()) }
        noPuback.send(.mqttEvent(1, .connected(milliseconds: 30))) { $0.mqttEvents = [.connected(milliseconds: 30)] }
        noPuback.send(.mqttEvent(1, .publishTimedOut(messageID: 1, seconds: 10))) {
            $0.mqttEvents.append(.publishTimedOut(messageID: 1, seconds: 10))
        }
        noPuback.send(.finished(1)) { $0.running = nil }
        #expect(Step.status(noPuback.state, now: StepFixtures.now) == .failed(reason: "no PUBACK within 10 s"))

        let ended = try runningStore()
        ended.send(.tlsProbed(1, StepFixtures.verifiedReport())) { $0.tls = .loaded(StepFixtures.verifiedReport()) }
        ended.send(.mqttEvent(1, .connected(milliseconds: 30))) { $0.mqttEvents = [.connected(milliseconds: 30)] }
        ended.send(.finished(1)) { $0.running = nil }
        #expect(Step.status(ended.state, now: StepFixtures.now) == .failed(reason: "the probe ended without a PUBACK"))
    }

    @Test("running again cancels the running probe; its late results are dropped")
    func runAgain() throws {
        let store = try runningStore()
        store.send(.mqttEvent(1, .connected(milliseconds: 30))) { $0.mqttEvents = [.connected(milliseconds: 30)] }
        store.send(.run, effects: [.cancel(1), .probe(try probe(), 2)]) {
            $0.running = 2
            $0.tls = .running(2)
            $0.mqttEvents = []
            $0.nextGeneration = 3
        }
        store.send(.tlsProbed(1, StepFixtures.untrustedReport()))
        store.send(.mqttEvent(1, .refused(try refusal())))
        store.send(.finished(1))
        #expect(Step.status(store.state, now: StepFixtures.now) == .running)
    }

    @Test("cancel stops the probe and the step is pending again, not failed")
    func cancel() throws {
        let store = try runningStore()
        store.send(.mqttEvent(1, .connecting(attempt: 0, host: "gw01", port: 8883))) {
            $0.mqttEvents = [.connecting(attempt: 0, host: "gw01", port: 8883)]
        }
        store.send(.cancel, effects: [.cancel(1)]) {
            $0.running = nil
            $0.ranWith = nil
            $0.tls = .idle
            $0.mqttEvents = []
        }
        store.send(.finished(1))
        store.send(.cancel)
        #expect(Step.status(store.state, now: StepFixtures.now) == .pending)
    }

    @Test("validated settings become stale when any input changes")
    func stale() throws {
        let store = try runningStore()
        store.send(.tlsProbed(1, StepFixtures.verifiedReport())) { $0.tls = .loaded(StepFixtures.verifiedReport()) }
        store.send(.mqttEvent(1, .connected(milliseconds: 30))) { $0.mqttEvents = [.connected(milliseconds: 30)] }
        let puback = MQTTSessionEvent.published(messageID: 1, topic: "devices/iot-device-for-test/messages/events/", milliseconds: 9)
        store.send(.mqttEvent(1, puback)) { $0.mqttEvents.append(puback) }
        store.send(.finished(1)) { $0.running = nil }
        #expect(Step.status(store.state, now: StepFixtures.now) == .done(warning: nil))
        let renewed = try inputs(token: StepFixtures.token(lifetime: 90 * 86_400))
        store.send(.inputsChanged(renewed)) { $0.inputs = renewed }
        #expect(Step.status(store.state, now: StepFixtures.now) == .stale(reason: "validated with other settings; run it again"))
    }

    @Test("run does nothing until the earlier steps give what the probe needs; each gap names its step")
    func fieldErrors() throws {
        let store = TestStore<Step>(initialState: Step.State())
        store.send(.run)
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "gatewayHost", message: "No gateway host name yet: set it in step 2 (Names)")])
        var inputs = Step.Inputs(gatewayHost: "gw01")
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "caPath", message: "No root CA yet: set it in step 1 (Certificate)")])
        inputs.caPath = "/certs/root.pem"
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "device", message: "No hub and device yet: fill them in step 3 (Device)")])
        inputs.hub = try StepFixtures.hub
        inputs.device = try StepFixtures.device
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "token", message: "No SAS token yet: generate it in step 4 (SAS)")])
        inputs.token = try StepFixtures.token()
        inputs.apiVersion = "2021 04"
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "apiVersion", message:
            "api-version \"2021 04\" may only hold letters, digits, '-' and '.', e.g. 2021-04-12")])
        store.send(.run)
        #expect(Step.status(store.state, now: StepFixtures.now) == .pending)
    }
}
