import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Step 2: name resolution")
struct NamesStepTests {
    typealias Step = NamesStep

    /// The verdict lines as `id status: title`, which is what the screen shows of each.
    private func lines(_ state: Step.State) -> [String] {
        Step.checks(state).map { "\($0.id) \($0.status.rawValue): \($0.title)" }
    }

    private func checkedStore(_ observation: NameObservation = StepFixtures.observation()) -> TestStore<Step> {
        let store = TestStore<Step>(initialState: Step.State(gatewayHost: "gw01"))
        store.send(.check, effects: [.observeName(host: "gw01", port: 8883, 1)]) {
            $0.observation = .running(1)
            $0.observedEndpoint = "gw01:8883"
            $0.nextGeneration = 2
        }
        #expect(Step.status(store.state) == .running)
        store.send(.observed(1, observation)) { $0.observation = .loaded(observation) }
        return store
    }

    /// Asks for the edge config; the answer must carry `generation`.
    private func startReading(_ store: TestStore<Step>, generation: Generation = 1, sourceLocation: SourceLocation = #_sourceLocation) {
        store.send(.readEdgeConfig, effects: [.readEdgeConfig(generation)], sourceLocation: sourceLocation) {
            $0.edgeConfig = .running(generation)
            $0.nextGeneration = generation + 1
        }
    }

    @Test("reading the edge config fills an empty gateway name with the certificate's hostname")
    func readEdgeConfig() {
        let store = TestStore<Step>(initialState: Step.State())
        startReading(store)
        #expect(Step.status(store.state) == .running)
        store.send(.edgeConfigRead(1, .success(StepFixtures.edgeConfig))) {
            $0.edgeConfig = .loaded(StepFixtures.edgeConfig)
            $0.gatewayHost = "gw01"
        }
        #expect(lines(store.state) == ["edge-config ok: /etc/aziot/config.toml: hostname gw01"])
        #expect(Step.certificateNames(store.state) == ["gw01", "edgeHub"])
        #expect(Step.status(store.state) == .pending)
    }

    @Test("IoT Edge 1.1 lower-cases the name for the certificate: the field gets the lower-case form, with a warning")
    func yamlLowercases() {
        let store = TestStore<Step>(initialState: Step.State())
        startReading(store)
        let config = EdgeConfig(sourcePath: "/etc/iotedge/config.yaml", format: .yaml, hostname: "GW01.Plant.local")
        store.send(.edgeConfigRead(1, .success(config))) {
            $0.edgeConfig = .loaded(config)
            $0.gatewayHost = "gw01.plant.local"
        }
        #expect(lines(store.state) == [
            "edge-config warning: /etc/iotedge/config.yaml: hostname GW01.Plant.local (edgeHub's certificate uses gw01.plant.local)",
        ])
    }

    @Test("a typed gateway name is kept when the config arrives; an older config answer is dropped")
    func typedNameKept() {
        let store = TestStore<Step>(initialState: Step.State(gatewayHost: "gw01.plant.local"))
        startReading(store)
        startReading(store, generation: 2)
        store.send(.edgeConfigRead(1, .success(StepFixtures.edgeConfig)))
        store.send(.edgeConfigRead(2, .success(StepFixtures.edgeConfig))) { $0.edgeConfig = .loaded(StepFixtures.edgeConfig) }
    }

    @Test("an unreadable config fails the step with the reader's line")
    func configFails() {
        let store = TestStore<Step>(initialState: Step.State())
        startReading(store)
        let failure = StepFailure("/etc/aziot/config.toml: permission denied; run kepedge with sudo")
        store.send(.edgeConfigRead(1, .failure(failure))) { $0.edgeConfig = .failed(failure) }
        #expect(Step.status(store.state) == .failed(reason: "/etc/aziot/config.toml: permission denied; run kepedge with sudo"))
        #expect(Step.checks(store.state) == [])
    }

    @Test("a name that resolves here, matches the certificate and answers on 8883 completes the step")
    func checkOK() {
        let store = checkedStore()
        let served = Step.Inputs(certificateNames: ["gw01", "edgeHub"])
        store.send(.inputsChanged(served)) { $0.inputs = served }
        #expect(lines(store.state) == [
            "name-resolves ok: gw01 resolves to 10.0.0.10",
            "cert-name-match ok: the server certificate holds the name gw01",
            "port-open ok: gw01:8883 accepts TCP connections",
            "hosts-line ok: Kepware host's hosts file needs: 10.0.0.10 gw01",
        ])
        #expect(Step.status(store.state) == .done(warning: nil))
    }

    @Test("without a served certificate or a config, the certificate-name check is left out")
    func noCertificateNames() {
        let store = checkedStore()
        #expect(Step.certificateNames(store.state) == [])
        #expect(lines(store.state) == [
            "name-resolves ok: gw01 resolves to 10.0.0.10",
            "port-open ok: gw01:8883 accepts TCP connections",
            "hosts-line ok: Kepware host's hosts file needs: 10.0.0.10 gw01",
        ])
    }

    @Test("the served certificate's names win over the config's")
    func servedNamesWin() {
        let store = checkedStore()
        startReading(store, generation: 2)
        store.send(.edgeConfigRead(2, .success(StepFixtures.edgeConfig))) { $0.edgeConfig = .loaded(StepFixtures.edgeConfig) }
        #expect(Step.status(store.state) == .done(warning: nil))
        let served = Step.Inputs(certificateNames: ["gw01.plant.local", "edgeHub"])
        store.send(.inputsChanged(served)) { $0.inputs = served }
        #expect(Step.certificateNames(store.state) == ["gw01.plant.local", "edgeHub"])
        #expect(Step.status(store.state) == .failed(reason: "the server certificate holds gw01.plant.local, not gw01"))
    }

    @Test("a closed port fails the step; a loopback-only name completes it with a warning")
    func verdicts() {
        #expect(Step.status(checkedStore(StepFixtures.observation(portOpen: false)).state)
            == .failed(reason: "gw01:8883 does not accept TCP connections (connection refused)"))
        #expect(Step.status(checkedStore(StepFixtures.observation(resolvesTo: ["127.0.1.1"])).state)
            == .done(warning: "gw01 resolves only to loopback (127.0.1.1)"))
        let unresolved = checkedStore(StepFixtures.observation(resolvesTo: []))
        #expect(lines(unresolved.state) == [
            "name-resolves error: gw01 does not resolve (name not known)",
            "port-open skipped: gw01:8883 not tried: the name does not resolve",
            "hosts-line ok: Kepware host's hosts file needs: 10.0.0.10 gw01",
        ])
        #expect(Step.status(unresolved.state) == .failed(reason: "gw01 does not resolve (name not known)"))
    }

    @Test("a new name or port after a check makes it stale; the same text again changes nothing")
    func stale() {
        let store = checkedStore()
        store.send(.gatewayHostChanged("gw01"))
        store.send(.gatewayHostChanged("gw02")) { $0.gatewayHost = "gw02" }
        #expect(Step.status(store.state) == .stale(reason: "checked gw01:8883; the name or port changed since"))
        store.send(.gatewayHostChanged("gw01")) { $0.gatewayHost = "gw01" }
        #expect(Step.status(store.state) == .done(warning: nil))
        store.send(.portChanged("8883"))
        store.send(.portChanged("443")) { $0.portText = "443" }
        #expect(Step.status(store.state) == .stale(reason: "checked gw01:8883; the name or port changed since"))
    }

    @Test("editing while a check runs cancels it and its late answer is dropped")
    func editCancels() {
        let store = TestStore<Step>(initialState: Step.State(gatewayHost: "gw01"))
        store.send(.check, effects: [.observeName(host: "gw01", port: 8883, 1)]) {
            $0.observation = .running(1)
            $0.observedEndpoint = "gw01:8883"
            $0.nextGeneration = 2
        }
        store.send(.gatewayHostChanged("gw02"), effects: [.cancel(1)]) {
            $0.gatewayHost = "gw02"
            $0.observation = .idle
            $0.observedEndpoint = nil
        }
        store.send(.observed(1, StepFixtures.observation()))
        store.send(.check, effects: [.observeName(host: "gw02", port: 8883, 2)]) {
            $0.observation = .running(2)
            $0.observedEndpoint = "gw02:8883"
            $0.nextGeneration = 3
        }
        // Checking again replaces the running check.
        store.send(.check, effects: [.cancel(2), .observeName(host: "gw02", port: 8883, 3)]) {
            $0.observation = .running(3)
            $0.nextGeneration = 4
        }
        store.send(.portChanged("8884"), effects: [.cancel(3)]) {
            $0.portText = "8884"
            $0.observation = .idle
            $0.observedEndpoint = nil
        }
        #expect(Step.status(store.state) == .pending)
    }

    @Test("cancel stops a running check; with nothing running it does nothing")
    func cancel() {
        let store = TestStore<Step>(initialState: Step.State(gatewayHost: "gw01"))
        store.send(.cancel)
        store.send(.check, effects: [.observeName(host: "gw01", port: 8883, 1)]) {
            $0.observation = .running(1)
            $0.observedEndpoint = "gw01:8883"
            $0.nextGeneration = 2
        }
        store.send(.cancel, effects: [.cancel(1)]) {
            $0.observation = .idle
            $0.observedEndpoint = nil
        }
        store.send(.observed(1, StepFixtures.observation()))
        #expect(Step.status(store.state) == .pending)
    }

    @Test("check does nothing while a field error stands, and each error says what to do")
    func fieldErrors() {
        let store = TestStore<Step>(initialState: Step.State())
        store.send(.check)
        #expect(Step.fieldErrors(store.state) == [FieldError(
            field: "gatewayHost",
            message: "Gateway host name is empty: use Read config to take it from the IoT Edge config, or type it")])
        store.send(.gatewayHostChanged("gw01:8883")) { $0.gatewayHost = "gw01:8883" }
        store.send(.portChanged("88a")) { $0.portText = "88a" }
        store.send(.check)
        #expect(Step.fieldErrors(store.state) == [
            FieldError(field: "gatewayHost", message: "Gateway host name \"gw01:8883\" holds a space, / or :; type the bare name, e.g. gw01.plant.local"),
            FieldError(field: "port", message: "Port \"88a\" is not a number from 1 to 65535 (edgeHub's MQTT port is 8883)"),
        ])
        store.send(.portChanged("70000")) { $0.portText = "70000" }
        #expect(Step.fieldErrors(store.state).last == FieldError(
            field: "port", message: "Port \"70000\" is not a number from 1 to 65535 (edgeHub's MQTT port is 8883)"))
    }
}
