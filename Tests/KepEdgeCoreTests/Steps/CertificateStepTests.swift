import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Step 1: certificate")
struct CertificateStepTests {
    typealias Step = CertificateStep

    private func storeWithGateway() -> TestStore<Step> {
        var state = Step.State()
        state.inputs = .init(gatewayHost: "gw01", port: 8883)
        return TestStore(initialState: state)
    }

    @Test("finding the CA from the edge config fills the field")
    func locateCA() {
        let store = storeWithGateway()
        store.send(.locateCA, effects: [.locateCA(1)]) {
            $0.ca = .running(1)
            $0.nextGeneration = 2
        }
        store.send(.caLocated(1, .success("/etc/aziot/root.pem"))) {
            $0.caPath = "/etc/aziot/root.pem"
            $0.ca = .idle
        }
        #expect(Step.status(store.state, now: StepFixtures.now) == .pending)
    }

    @Test("a CA that cannot be found is a failed step with the reason")
    func locateCAFails() {
        let store = storeWithGateway()
        store.send(.locateCA, effects: [.locateCA(1)]) {
            $0.ca = .running(1)
            $0.nextGeneration = 2
        }
        let failure = StepFailure("no root CA: looked in /etc/aziot/config.toml (no trust_bundle_cert)")
        store.send(.caLocated(1, .failure(failure))) { $0.ca = .failed(failure) }
        #expect(Step.status(store.state, now: StepFixtures.now) == .failed(reason: failure.message))
    }

    @Test("verify loads the CA and probes edgeHub with it; a verified chain completes the step")
    func verifyOK() {
        let store = storeWithGateway()
        store.send(.caPathChanged("/certs/root.pem")) { $0.caPath = "/certs/root.pem" }
        let request = TLSProbeRequest(host: "gw01", port: 8883, caFile: "/certs/root.pem", timeoutSeconds: 5)
        store.send(.verify, effects: [.loadCA(path: "/certs/root.pem", 1), .probeTLS(request, 1)]) {
            $0.ca = .running(1)
            $0.probe = .running(1)
            $0.probedWith = .init(inputs: .init(gatewayHost: "gw01", port: 8883), caPath: "/certs/root.pem")
            $0.nextGeneration = 2
        }
        #expect(Step.status(store.state, now: StepFixtures.now) == .running)
        store.send(.caLoaded(1, .success(StepFixtures.rootCA))) { $0.ca = .loaded(StepFixtures.rootCA) }
        store.send(.probeFinished(1, StepFixtures.verifiedReport())) {
            $0.probe = .loaded(StepFixtures.verifiedReport())
        }
        #expect(Step.status(store.state, now: StepFixtures.now) == .done(warning: nil))
    }

    @Test("an untrusted chain fails the step with the diagnosis headline")
    func verifyUntrusted() {
        let store = storeWithGateway()
        store.send(.caPathChanged("/certs/root.pem")) { $0.caPath = "/certs/root.pem" }
        store.send(.verify, effects: [
            .loadCA(path: "/certs/root.pem", 1),
            .probeTLS(.init(host: "gw01", port: 8883, caFile: "/certs/root.pem", timeoutSeconds: 5), 1),
        ]) {
            $0.ca = .running(1)
            $0.probe = .running(1)
            $0.probedWith = .init(inputs: .init(gatewayHost: "gw01", port: 8883), caPath: "/certs/root.pem")
            $0.nextGeneration = 2
        }
        store.send(.caLoaded(1, .success(StepFixtures.rootCA))) { $0.ca = .loaded(StepFixtures.rootCA) }
        store.send(.probeFinished(1, StepFixtures.untrustedReport())) {
            $0.probe = .loaded(StepFixtures.untrustedReport())
        }
        #expect(Step.status(store.state, now: StepFixtures.now)
            == .failed(reason: "edgeHub's certificate chain does not lead to the CA in /certs/root.pem"))
    }

    @Test("verify with an empty CA path does nothing and the field error says what to do")
    func verifyBlockedByFieldError() {
        let store = storeWithGateway()
        store.send(.verify)
        #expect(Step.fieldErrors(store.state) == [FieldError(
            field: "caPath",
            message: "Root CA file is empty: use Locate CA to find it from the IoT Edge config, or type its path")])
    }

    @Test("verify needs the gateway name from step 2, but moving on from step 1 does not")
    func verifyNeedsGateway() {
        let store = TestStore<Step>(initialState: Step.State(caPath: "/certs/root.pem"))
        store.send(.verify)
        #expect(Step.fieldErrors(store.state) == [])
        #expect(Step.verifyFieldErrors(store.state) == [FieldError(
            field: "gatewayHost",
            message: "No gateway host name yet: set it in step 2 (Names) or in the IoT Edge config")])
    }

    @Test("editing the CA path while a probe runs cancels it, and its late result is dropped")
    func editDuringProbeDropsResult() {
        let store = storeWithGateway()
        store.send(.caPathChanged("/a.pem")) { $0.caPath = "/a.pem" }
        store.send(.verify, effects: [
            .loadCA(path: "/a.pem", 1),
            .probeTLS(.init(host: "gw01", port: 8883, caFile: "/a.pem", timeoutSeconds: 5), 1),
        ]) {
            $0.ca = .running(1)
            $0.probe = .running(1)
            $0.probedWith = .init(inputs: .init(gatewayHost: "gw01", port: 8883), caPath: "/a.pem")
            $0.nextGeneration = 2
        }
        store.send(.caPathChanged("/b.pem"), effects: [.cancel(1)]) {
            $0.caPath = "/b.pem"
            $0.ca = .idle
            $0.probe = .idle
            $0.probedWith = nil
        }
        store.send(.probeFinished(1, StepFixtures.verifiedReport(caFile: "/a.pem")))
        store.send(.caLoaded(1, .success(StepFixtures.rootCA)))
        #expect(Step.status(store.state, now: StepFixtures.now) == .pending)
    }

    @Test("a new gateway name makes a verified certificate check stale")
    func gatewayChangeMakesStale() {
        let store = storeWithGateway()
        store.send(.caPathChanged("/certs/root.pem")) { $0.caPath = "/certs/root.pem" }
        store.send(.verify, effects: [
            .loadCA(path: "/certs/root.pem", 1),
            .probeTLS(.init(host: "gw01", port: 8883, caFile: "/certs/root.pem", timeoutSeconds: 5), 1),
        ]) {
            $0.ca = .running(1)
            $0.probe = .running(1)
            $0.probedWith = .init(inputs: .init(gatewayHost: "gw01", port: 8883), caPath: "/certs/root.pem")
            $0.nextGeneration = 2
        }
        store.send(.caLoaded(1, .success(StepFixtures.rootCA))) { $0.ca = .loaded(StepFixtures.rootCA) }
        store.send(.probeFinished(1, StepFixtures.verifiedReport())) { $0.probe = .loaded(StepFixtures.verifiedReport()) }
        store.send(.inputsChanged(.init(gatewayHost: "gw02.plant.local", port: 8883))) {
            $0.inputs = .init(gatewayHost: "gw02.plant.local", port: 8883)
        }
        #expect(Step.status(store.state, now: StepFixtures.now)
            == .stale(reason: "verified for gw01:8883 with /certs/root.pem; inputs changed since"))
        // The same inputs again: nothing to do.
        store.send(.inputsChanged(.init(gatewayHost: "gw02.plant.local", port: 8883)))
    }

    @Test("a root CA with under 30 days left completes with a warning")
    func caExpiringSoonWarns() {
        var state = Step.State(caPath: "/certs/root.pem")
        state.inputs = .init(gatewayHost: "gw01", port: 8883)
        let shortLived = StepFixtures.certificate(
            subject: "CN=root", issuer: "CN=root", isCA: true, daysValid: 12)
        state.ca = .loaded(shortLived)
        state.probe = .loaded(StepFixtures.verifiedReport())
        state.probedWith = .init(inputs: state.inputs, caPath: "/certs/root.pem")
        #expect(Step.status(state, now: StepFixtures.now) == .done(warning: "CA CN=root expires in 11 days (2026-10-02 14:13 UTC)"))
    }

    @Test("export writes only where asked, after the CA was read")
    func export() {
        let store = storeWithGateway()
        store.send(.export)  // no CA loaded, no folder: nothing happens
        store.send(.exportDirectoryChanged("/tmp/out")) { $0.exportDirectory = "/tmp/out" }
        store.send(.export)  // still no CA
        store.send(.caPathChanged("/certs/root.pem")) { $0.caPath = "/certs/root.pem" }
        var withCA = store.state
        withCA.ca = .loaded(StepFixtures.rootCA)
        let exporting = TestStore<Step>(initialState: withCA)
        exporting.send(.export, effects: [.exportCA(caPath: "/certs/root.pem", directory: "/tmp/out", 1)]) {
            $0.export = .running(1)
            $0.nextGeneration = 2
        }
        let exported = ExportedRootCA(
            cerFile: "/tmp/out/azure-iot-test-only.root.ca.cer",
            windowsImport: WindowsCertificateImport(fileName: "azure-iot-test-only.root.ca.cer", sha1Fingerprint: "AA:BB"))
        exporting.send(.exportFinished(1, .success(exported))) { $0.export = .loaded(exported) }
    }

    @Test("Esc cancels every running request of the step")
    func cancel() {
        let store = storeWithGateway()
        store.send(.caPathChanged("/a.pem")) { $0.caPath = "/a.pem" }
        store.send(.verify, effects: [
            .loadCA(path: "/a.pem", 1),
            .probeTLS(.init(host: "gw01", port: 8883, caFile: "/a.pem", timeoutSeconds: 5), 1),
        ]) {
            $0.ca = .running(1)
            $0.probe = .running(1)
            $0.probedWith = .init(inputs: .init(gatewayHost: "gw01", port: 8883), caPath: "/a.pem")
            $0.nextGeneration = 2
        }
        store.send(.cancel, effects: [.cancel(1)]) {
            $0.ca = .idle
            $0.probe = .idle
            $0.probedWith = nil
        }
        store.send(.cancel)
    }
}
