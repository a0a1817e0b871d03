import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Step 5: agent configuration")
struct AgentStepTests {
    typealias Step = AgentStep

    private func inputs(token: SASToken? = nil, gatewayHost: String = "gw01") throws -> Step.Inputs {
        Step.Inputs(gatewayHost: gatewayHost, hub: try StepFixtures.hub, device: try StepFixtures.device,
                    token: try token ?? StepFixtures.token())
    }

    private func storeWithInputs() throws -> TestStore<Step> {
        let store = TestStore<Step>(initialState: Step.State())
        let inputs = try inputs()
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        let password = Secret("Kepware-Admin-Pa55")
        store.send(.kepwarePasswordChanged(password)) { $0.kepwarePassword = password }
        return store
    }

    private func pushRequest(
        settings: KepwareAgentSettings, items: [String] = ["Channel1.Device1.Tag1"], fingerprint: String? = nil
    ) throws -> AgentPushRequest {
        AgentPushRequest(
            login: KepwareLogin(endpoint: try KepwareEndpoint(host: "127.0.0.1", port: 57512, https: true), user: "Administrator",
                                password: Secret("Kepware-Admin-Pa55"), trustedFingerprint: fingerprint),
            settings: settings, items: items.map(KepwareIoTItem.init(serverTag:)))
    }

    private func push(_ store: TestStore<Step>, generation: Generation = 1) throws -> KepwareAgentSettings {
        let settings = try StepFixtures.agentSettings(token: try #require(store.state.inputs.token))
        store.send(.push, effects: [.pushAgent(try pushRequest(settings: settings), generation)]) {
            $0.push = .running(generation)
            $0.appliedWith = .init(method: .configurationAPI, settings: settings)
            $0.nextGeneration = generation + 1
        }
        return settings
    }

    private func outcome(connected: Bool = true, itemFailures: [String] = [], differences: [String] = []) -> AgentPushOutcome {
        AgentPushOutcome(
            created: true, itemFailures: itemFailures, differences: differences,
            connectedLine: connected ? "MQTT agent 'iot-device-for-test' is connected to broker 'ssl://gw01:8883'" : nil,
            eventLogProblems: connected ? [] : ["Failed to connect to broker 'ssl://gw01:8883': not authorized"])
    }

    @Test("the settings are exactly the gateway's: ssl URL, device topic, client id, username with api-version, the token as password")
    func settings() throws {
        let store = try storeWithInputs()
        let settings = try Step.settings(store.state).get()
        #expect(settings.agentName == "iot-device-for-test")
        #expect(settings.url == "ssl://gw01:8883")
        #expect(settings.topic == "devices/iot-device-for-test/messages/events/")
        #expect(settings.clientID == "iot-device-for-test")
        #expect(settings.username == "iot-hub-for-test.azure-devices.net/iot-device-for-test/?api-version=2021-04-12")
        #expect(settings.qos == .atLeastOnce)
        #expect(settings.password == (try StepFixtures.token().value))
        #expect(settings == (try StepFixtures.agentSettings(token: StepFixtures.token())))
    }

    @Test("push sends the settings, the items and the Kepware login; Kepware's connected line completes the step")
    func pushOK() throws {
        let store = try storeWithInputs()
        #expect(Step.status(store.state) == .pending)
        _ = try push(store)
        #expect(Step.status(store.state) == .running)
        store.send(.pushFinished(1, .success(outcome()))) { $0.push = .loaded(self.outcome()) }
        #expect(Step.status(store.state) == .done(warning: nil))
    }

    @Test("every field reaches the push: name, api-version, QoS, URL, user, fingerprint, items")
    func fieldsReachThePush() throws {
        let store = try storeWithInputs()
        store.send(.agentNameChanged("Press 7 to IoT Hub")) { $0.agentNameText = "Press 7 to IoT Hub" }
        store.send(.apiVersionChanged("2020-09-30")) { $0.apiVersionText = "2020-09-30" }
        store.send(.qosChanged("0")) { $0.qosText = "0" }
        store.send(.kepwareURLChanged(" http://10.0.0.5:57412 ")) { $0.kepwareURLText = " http://10.0.0.5:57412 " }
        store.send(.kepwareUserChanged("integrator")) { $0.kepwareUser = "integrator" }
        store.send(.kepwareFingerprintChanged(" AB:CD:EF ")) { $0.kepwareFingerprintText = " AB:CD:EF " }
        store.send(.itemsChanged("Channel1.Device1.Tag1, ,Channel1.Device1.Tag2,")) {
            $0.itemsText = "Channel1.Device1.Tag1, ,Channel1.Device1.Tag2,"
        }
        let mqtt = try GatewayMQTTSettings(
            gatewayHostName: "gw01", hub: try StepFixtures.hub, device: try StepFixtures.device,
            apiVersion: "2020-09-30", qos: .atMostOnce)
        let settings = try KepwareAgentSettings(mqtt: mqtt, password: try StepFixtures.token().value, agentName: "Press 7 to IoT Hub")
        let request = AgentPushRequest(
            login: KepwareLogin(endpoint: try KepwareEndpoint(host: "10.0.0.5", port: 57412, https: false), user: "integrator",
                                password: Secret("Kepware-Admin-Pa55"), trustedFingerprint: "AB:CD:EF"),
            settings: settings,
            items: [KepwareIoTItem(serverTag: "Channel1.Device1.Tag1"), KepwareIoTItem(serverTag: "Channel1.Device1.Tag2")])
        store.send(.push, effects: [.pushAgent(request, 1)]) {
            $0.push = .running(1)
            $0.appliedWith = .init(method: .configurationAPI, settings: settings)
            $0.nextGeneration = 2
        }
    }

    @Test("refused items and read-back differences complete the step with a warning; no connected line fails it")
    func pushVerdicts() throws {
        let refused = try storeWithInputs()
        _ = try push(refused)
        let partial = outcome(itemFailures: ["Channel1.Device1.Tag9: tag not found", "Channel1.Device1.Tag8: tag not found"])
        refused.send(.pushFinished(1, .success(partial))) { $0.push = .loaded(partial) }
        #expect(Step.status(refused.state) == .done(warning: "2 IoT item(s) refused: Channel1.Device1.Tag9: tag not found"))

        let differing = try storeWithInputs()
        _ = try push(differing)
        let readBack = outcome(differences: ["rate: sent 10000 ms, read back 1000 ms"])
        differing.send(.pushFinished(1, .success(readBack))) { $0.push = .loaded(readBack) }
        #expect(Step.status(differing.state) == .done(warning: "read back differently: rate: sent 10000 ms, read back 1000 ms"))

        let silent = try storeWithInputs()
        _ = try push(silent)
        silent.send(.pushFinished(1, .success(outcome(connected: false)))) { $0.push = .loaded(self.outcome(connected: false)) }
        #expect(Step.status(silent.state)
            == .failed(reason: "Kepware did not report the agent connected to the broker; see its event-log lines"))

        let failing = try storeWithInputs()
        _ = try push(failing)
        let failure = StepFailure("Kepware answered 401: user or password wrong", fix: "check the User Manager account")
        failing.send(.pushFinished(1, .failure(failure))) { $0.push = .failed(failure) }
        #expect(Step.status(failing.state) == .failed(reason: "Kepware answered 401: user or password wrong"))
    }

    @Test("pushing again cancels the running push, and the older answer is dropped")
    func pushAgain() throws {
        let store = try storeWithInputs()
        let settings = try push(store)
        store.send(.push, effects: [.cancel(1), .pushAgent(try pushRequest(settings: settings), 2)]) {
            $0.push = .running(2)
            $0.nextGeneration = 3
        }
        store.send(.pushFinished(1, .success(outcome())))
        store.send(.pushFinished(2, .success(outcome(connected: false)))) { $0.push = .loaded(self.outcome(connected: false)) }
    }

    @Test("a new token, device or gateway after the push makes the agent stale; losing the token makes it incomplete")
    func stale() throws {
        let store = try storeWithInputs()
        _ = try push(store)
        store.send(.pushFinished(1, .success(outcome()))) { $0.push = .loaded(self.outcome()) }
        let renewed = try inputs(token: StepFixtures.token(lifetime: 60 * 86_400))
        store.send(.inputsChanged(renewed)) { $0.inputs = renewed }
        #expect(Step.status(store.state) == .stale(reason:
            "the agent was set up with other settings (hub, device, gateway or token changed); push again"))
        let noToken = Step.Inputs(gatewayHost: "gw01", hub: try StepFixtures.hub, device: try StepFixtures.device, token: nil)
        store.send(.inputsChanged(noToken)) { $0.inputs = noToken }
        #expect(Step.status(store.state) == .stale(reason: "the settings are incomplete since the agent was set up"))
        // An agent-name edit is another setting too.
        let original = try inputs()
        store.send(.inputsChanged(original)) { $0.inputs = original }
        #expect(Step.status(store.state) == .done(warning: nil))
        store.send(.agentNameChanged("press-7")) { $0.agentNameText = "press-7" }
        #expect(Step.status(store.state).isDone == false)
    }

    @Test("entered by hand: done with a warning, cancelling a running push; nothing without complete settings")
    func byHand() throws {
        let empty = TestStore<Step>(initialState: Step.State())
        empty.send(.markEnteredByHand)

        let store = try storeWithInputs()
        let settings = try push(store)
        store.send(.markEnteredByHand, effects: [.cancel(1)]) {
            $0.push = .idle
            $0.appliedWith = .init(method: .byHand, settings: settings)
        }
        store.send(.pushFinished(1, .success(outcome())))
        #expect(Step.status(store.state) == .done(warning:
            "entered by hand: not verified through the Configuration API; step 6 checks the connection"))
    }

    @Test("cancel stops the push and the step is pending again; reveal toggles")
    func cancelAndReveal() throws {
        let store = try storeWithInputs()
        store.send(.cancel)
        _ = try push(store)
        store.send(.cancel, effects: [.cancel(1)]) {
            $0.push = .idle
            $0.appliedWith = nil
        }
        #expect(Step.status(store.state) == .pending)
        store.send(.toggleReveal) { $0.revealed = true }
        store.send(.toggleReveal) { $0.revealed = false }
    }

    @Test("what the earlier steps have not given yet is a field error naming the step to go back to")
    func missingInputs() throws {
        let store = TestStore<Step>(initialState: Step.State())
        store.send(.push)
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "device", message: "No hub and device yet: fill them in step 3 (Device)")])
        var noToken = try inputs()
        noToken.token = nil
        store.send(.inputsChanged(noToken)) { $0.inputs = noToken }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "token", message: "No SAS token yet: generate it in step 4 (SAS)")])
        let noGateway = try inputs(gatewayHost: "")
        store.send(.inputsChanged(noGateway)) { $0.inputs = noGateway }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "gatewayHost", message: "No gateway host name yet: set it in step 2 (Names)")])
        store.send(.push)
    }

    @Test("QoS, api-version and agent name errors block the push with their exact messages")
    func fieldErrors() throws {
        let store = try storeWithInputs()
        store.send(.qosChanged("2")) { $0.qosText = "2" }
        store.send(.push)
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "qos", message:
            "QoS 2 (exactly once) is not supported: IoT Hub and edgeHub close the connection when a device publishes with QoS 2; use 1 (at least once)")])
        store.send(.qosChanged("one")) { $0.qosText = "one" }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "qos", message:
            "QoS \"one\" is not a number: use 1 (at least once) or 0")])
        store.send(.qosChanged("1")) { $0.qosText = "1" }
        store.send(.apiVersionChanged("")) { $0.apiVersionText = "" }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "apiVersion", message:
            "the api-version is empty; edgeHub refuses a username without one (use 2021-04-12)")])
        store.send(.apiVersionChanged("2021-04-12")) { $0.apiVersionText = "2021-04-12" }
        store.send(.agentNameChanged("_system")) { $0.agentNameText = "_system" }
        #expect(Step.fieldErrors(store.state) == [FieldError(field: "agentName", message:
            "agent name \"_system\" starts with '_', which Kepware reserves for system objects; choose a name without it")])
        store.send(.push)
    }

    @Test("the Configuration API needs an http(s) URL, a user and at least one tag; by hand does not")
    func pushFieldErrors() throws {
        let store = try storeWithInputs()
        store.send(.kepwareURLChanged("127.0.0.1:57512")) { $0.kepwareURLText = "127.0.0.1:57512" }
        store.send(.kepwareUserChanged(" ")) { $0.kepwareUser = " " }
        store.send(.itemsChanged(" , ")) { $0.itemsText = " , " }
        store.send(.push)
        #expect(Step.fieldErrors(store.state) == [])
        #expect(Step.pushFieldErrors(store.state) == [
            FieldError(field: "kepwareURL", message: "Kepware URL \"127.0.0.1:57512\" is not http(s)://host:port, e.g. https://127.0.0.1:57512"),
            FieldError(field: "kepwareUser", message: "Kepware user is empty: use a User Manager account, e.g. Administrator"),
            FieldError(field: "items", message: "No tags to publish: list at least one, e.g. Channel1.Device1.Tag1"),
        ])
        let settings = try StepFixtures.agentSettings(token: StepFixtures.token())
        store.send(.markEnteredByHand) { $0.appliedWith = .init(method: .byHand, settings: settings) }
    }
}
