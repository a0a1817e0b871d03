import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Wizard: start, prefill, routing and input wiring")
struct WizardInputWiringTests {
    let now = StepFixtures.now

    @Test("start reads the edge config and starts following events, unfiltered until a device is known")
    func start() {
        let store = TestStore<Wizard>(initialState: Wizard.State(now: .distantPast))
        store.send(.start(now: now), effects: [.names(.readEdgeConfig(1)), .followEvents(deviceID: nil, 1)]) {
            $0.now = self.now
            $0.names.edgeConfig = .running(1)
            $0.names.nextGeneration = 2
            $0.following = 1
            $0.followedDevice = nil
            $0.nextGeneration = 2
        }
        #expect(Wizard.status(of: .names, in: store.state) == .running)
        #expect(StepID.allCases.filter { $0 != .names }.map { Wizard.status(of: $0, in: store.state) }
            == Array(repeating: .pending, count: 5))
    }

    @Test("the edge config fills the gateway name, root CA, hub and edge device, and every step downstream hears of it")
    func prefill() throws {
        var started = Wizard.State(now: now)
        WizardFixtures.run(&started, .start(now: now))
        let store = TestStore<Wizard>(initialState: started)
        let hub = try StepFixtures.hub
        store.send(.names(.edgeConfigRead(1, .success(StepFixtures.edgeConfig)))) {
            $0.names.edgeConfig = .loaded(StepFixtures.edgeConfig)
            $0.names.gatewayHost = "gw01"
            $0.certificate.caPath = "/etc/aziot/root.pem"
            $0.device.hubText = StepFixtures.hubHostName
            $0.device.edgeDeviceIDText = StepFixtures.edgeDeviceName
            $0.unsavedChanges = true
            $0.certificate.inputs = .init(gatewayHost: "gw01", port: 8883)
            $0.sas.inputs = .init(hub: hub)
            $0.agent.inputs = .init(gatewayHost: "gw01", hub: hub)
            // Step 6 judges a refusal as this gateway's edgeHub does: its release and its spelling of the hub.
            $0.validation.inputs = .init(gatewayHost: "gw01", port: 8883, caPath: "/etc/aziot/root.pem", hub: hub,
                                         edgeRelease: .v1_2OrLater, gatewayHubHostName: "iot-hub-for-test.azure-devices.net")
        }
        #expect(Wizard.status(of: .names, in: store.state) == .pending)
    }

    @Test("a config that cannot be read changes no field, so opening the wizard leaves nothing unsaved")
    func failedConfigReadIsNoEdit() {
        var started = Wizard.State(now: now)
        WizardFixtures.run(&started, .start(now: now))
        let store = TestStore<Wizard>(initialState: started)
        let failure = StepFailure("/etc/aziot/config.toml: no such file", fix: "Pass the IoT Edge config path, or type the gateway name.")
        store.send(.names(.edgeConfigRead(1, .failure(failure)))) {
            $0.names.edgeConfig = .failed(failure)
        }
        #expect(store.state.unsavedChanges == false)
    }

    @Test("the edge config fills only empty fields: what the engineer typed is kept")
    func prefillKeepsTyped() {
        var typed = Wizard.State(now: now)
        WizardFixtures.run(&typed,
            .start(now: now),
            .names(.gatewayHostChanged("gw01.plant.local")),
            .certificate(.caPathChanged("/certs/root.pem")),
            .device(.hubChanged("plant-hub")),
            .device(.edgeDeviceIDChanged("gw07")),
            .sessionSaved)
        let store = TestStore<Wizard>(initialState: typed)
        store.send(.names(.edgeConfigRead(1, .success(StepFixtures.edgeConfig)))) {
            $0.names.edgeConfig = .loaded(StepFixtures.edgeConfig)
            $0.validation.inputs.edgeRelease = .v1_2OrLater
            $0.validation.inputs.gatewayHubHostName = StepFixtures.edgeConfig.hubHostName
        }
        // Nothing the session keeps changed, so there is nothing new to save.
        #expect(store.state.unsavedChanges == false)
        #expect(store.state.names.gatewayHost == "gw01.plant.local")
        #expect(store.state.certificate.caPath == "/certs/root.pem")
        #expect(store.state.device.hubText == "plant-hub")
        #expect(store.state.device.edgeDeviceIDText == "gw07")
    }

    @Test("a dropped config answer fills nothing and is no edit")
    func staleConfigDropped() {
        var started = Wizard.State(now: now)
        WizardFixtures.run(&started, .start(now: now))
        let store = TestStore<Wizard>(initialState: started)
        store.send(.names(.edgeConfigRead(7, .success(StepFixtures.edgeConfig))))
        #expect(store.state.unsavedChanges == false)
    }

    @Test("each step's actions reach it; field edits mark unsaved changes, secrets and toggles do not")
    func routing() throws {
        let store = TestStore<Wizard>(initialState: Wizard.State(now: now))
        store.send(.certificate(.caPathChanged("/certs/root.pem"))) {
            $0.certificate.caPath = "/certs/root.pem"
            $0.validation.inputs.caPath = "/certs/root.pem"
            $0.unsavedChanges = true
        }
        store.send(.sessionSaved) { $0.unsavedChanges = false }
        store.send(.names(.portChanged("8884"))) {
            $0.names.portText = "8884"
            $0.certificate.inputs.port = 8884
            $0.agent.inputs.port = 8884
            $0.validation.inputs.port = 8884
            $0.unsavedChanges = true
        }
        store.send(.sessionSaved) { $0.unsavedChanges = false }
        let owner = Secret(StepFixtures.ownerConnectionString)
        store.send(.device(.ownerConnectionStringChanged(owner))) { $0.device.ownerConnectionString = owner }
        store.send(.sas(.toggleReveal)) { $0.sas.revealed = true }
        store.send(.agent(.kepwarePasswordChanged(Secret("Kepware-Admin-Pa55")))) { $0.agent.kepwarePassword = Secret("Kepware-Admin-Pa55") }
        store.send(.names(.portChanged("8884")))  // the same text: no edit
        #expect(store.state.unsavedChanges == false)
        store.send(.sas(.lifetimeChanged("7d"))) {
            $0.sas.lifetimeText = "7d"
            $0.unsavedChanges = true
        }
        store.send(.sessionSaved) { $0.unsavedChanges = false }
        store.send(.agent(.qosChanged(" 0 "))) {
            $0.agent.qosText = " 0 "
            $0.validation.inputs.qos = .atMostOnce  // the probe publishes as Kepware will
            $0.unsavedChanges = true
        }
        store.send(.agent(.apiVersionChanged("2020-09-30"))) {
            $0.agent.apiVersionText = "2020-09-30"
            $0.validation.inputs.apiVersion = "2020-09-30"
        }
        store.send(.validation(.run))  // nothing to probe yet
        store.send(.validation(.cancel))
        store.send(.tick(now.addingTimeInterval(60))) { $0.now = self.now.addingTimeInterval(60) }
    }

    @Test("a new device id makes the SAS token and the agent stale, and following restarts for it")
    func deviceChangeMakesStale() throws {
        let configured = WizardFixtures.configured()
        #expect(Wizard.status(of: .sas, in: configured) == .done(warning: nil))
        #expect(Wizard.status(of: .agent, in: configured).isDone)
        #expect(configured.following == 2)
        let store = TestStore<Wizard>(initialState: configured)
        let press = try DeviceID(validating: "press-07")
        store.send(.device(.deviceIDChanged("press-07")), effects: [.stopFollowing(2), .followEvents(deviceID: "press-07", 3)]) {
            $0.device.deviceIDText = "press-07"
            $0.unsavedChanges = true
            // The pasted string is for the old device: no key for press-07.
            $0.sas.inputs = .init(hub: try? StepFixtures.hub, device: press, deviceKey: nil)
            $0.agent.inputs.device = press
            $0.agent.inputs.token = nil
            $0.validation.inputs.device = press
            $0.validation.inputs.token = nil
            $0.following = 3
            $0.followedDevice = "press-07"
            $0.nextGeneration = 4
        }
        #expect(Wizard.status(of: .sas, in: store.state)
            == .stale(reason: "the token is for iot-device-for-test on iot-hub-for-test.azure-devices.net; generate a new one"))
        #expect(Wizard.status(of: .agent, in: store.state) == .stale(reason: "the settings are incomplete since the agent was set up"))
        #expect(Wizard.status(of: .certificate, in: store.state) == .done(warning: nil))
    }

    @Test("a new hub makes the SAS token and the agent stale")
    func hubChangeMakesStale() {
        var state = WizardFixtures.configured()
        WizardFixtures.run(&state, .device(.hubChanged("plant-hub")))
        #expect(Wizard.status(of: .sas, in: state)
            == .stale(reason: "the token is for iot-device-for-test on iot-hub-for-test.azure-devices.net; generate a new one"))
        guard case .stale = Wizard.status(of: .agent, in: state) else {
            Issue.record("agent should be stale, is \(Wizard.status(of: .agent, in: state))")
            return
        }
        #expect(state.following == 2)  // same device id: the followers keep running
    }

    @Test("a new gateway name makes the certificate check and the agent stale")
    func gatewayChangeMakesStale() {
        let configured = WizardFixtures.configured()
        #expect(Wizard.status(of: .certificate, in: configured) == .done(warning: nil))
        let store = TestStore<Wizard>(initialState: configured)
        store.send(.names(.gatewayHostChanged("gw02.plant.local"))) {
            $0.names.gatewayHost = "gw02.plant.local"
            $0.certificate.inputs.gatewayHost = "gw02.plant.local"
            $0.agent.inputs.gatewayHost = "gw02.plant.local"
            $0.validation.inputs.gatewayHost = "gw02.plant.local"
            $0.unsavedChanges = true
        }
        #expect(Wizard.status(of: .certificate, in: store.state)
            == .stale(reason: "verified for gw01:8883 with /etc/aziot/root.pem; inputs changed since"))
        #expect(Wizard.status(of: .agent, in: store.state) == .stale(reason:
            "the agent was set up with other settings (hub, device, gateway or token changed); push again"))
        #expect(Wizard.status(of: .sas, in: store.state) == .done(warning: nil))
    }

    @Test("step 2's port reaches the agent's broker URL (a lab whose 8883 was taken)")
    func portReachesTheAgentURL() throws {
        var state = WizardFixtures.configured()
        WizardFixtures.run(&state, .names(.portChanged("18883")))
        #expect(state.agent.inputs.port == 18883)
        let settings = try AgentStep.settings(state.agent).get()
        #expect(settings.url.hasSuffix(":18883"))
        #expect(state.validation.inputs.port == 18883)
    }

    @Test("step 1's probe gives step 2 the names edgeHub's certificate holds")
    func servedNamesReachStep2() {
        let configured = WizardFixtures.configured()
        #expect(configured.names.inputs == NamesStep.Inputs(certificateNames: ["gw01", "edgeHub"]))
    }

    @Test("a token passing its expiry takes it from the agent and the validation probe")
    func tickPastExpiry() {
        let store = TestStore<Wizard>(initialState: WizardFixtures.configured())
        let later = now.addingTimeInterval(31 * 86_400)
        store.send(.tick(later)) {
            $0.now = later
            $0.agent.inputs.token = nil
            $0.validation.inputs.token = nil
        }
        #expect(Wizard.status(of: .sas, in: store.state) == .failed(reason: "the token expired 1 day ago; generate a new one"))
    }
}
