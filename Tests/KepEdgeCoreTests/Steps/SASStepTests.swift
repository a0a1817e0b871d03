import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Step 4: SAS token")
struct SASStepTests {
    typealias Step = SASStep
    let now = StepFixtures.now

    private func inputs(key: String = StepFixtures.deviceKeyText) throws -> Step.Inputs {
        Step.Inputs(hub: try StepFixtures.hub, device: try StepFixtures.device, deviceKey: Secret(key))
    }

    /// A store whose step has been told vector A's hub, device and key.
    private func storeWithInputs() throws -> TestStore<Step> {
        let store = TestStore<Step>(initialState: Step.State())
        let inputs = try inputs()
        store.send(.inputsChanged(inputs)) { $0.inputs = inputs }
        return store
    }

    /// Generates at `now`; the token must be the real one for the step's inputs and `lifetime`.
    private func generate(
        _ store: TestStore<Step>, lifetime: Int = 30 * 86_400, key: String = StepFixtures.deviceKeyText,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        store.send(.generate(now: now), sourceLocation: sourceLocation) {
            $0.token = try? StepFixtures.token(lifetime: lifetime, key: key)
            $0.tokenFor = $0.inputs
        }
    }

    @Test("generate signs a real token for the hub and device with the step's lifetime")
    func generate() throws {
        let store = try storeWithInputs()
        #expect(Step.status(store.state, now: now) == .pending)
        generate(store, lifetime: 30 * 86_400)
        let token = try #require(store.state.token)
        #expect(token.inspection.resourceURI == "iot-hub-for-test.azure-devices.net/devices/iot-device-for-test")
        #expect(token.inspection.expiryEpoch == 1_790_000_000 + 30 * 86_400)
        #expect(token.verify(with: try SharedAccessKey(base64: StepFixtures.deviceKeyText)))
        #expect(Step.status(store.state, now: now) == .done(warning: nil))
    }

    @Test("a new lifetime is used by the next token")
    func lifetime() throws {
        let store = try storeWithInputs()
        store.send(.lifetimeChanged("12h")) { $0.lifetimeText = "12h" }
        generate(store, lifetime: 12 * 3_600)
        #expect(Step.status(store.state, now: now) == .done(warning: "the token expires in 12 hours"))
    }

    @Test("a token with under seven days left is done with a warning; a passed expiry fails the step")
    func expiry() throws {
        let store = try storeWithInputs()
        store.send(.lifetimeChanged("3d")) { $0.lifetimeText = "3d" }
        generate(store, lifetime: 3 * 86_400)
        #expect(Step.status(store.state, now: now) == .done(warning: "the token expires in 3 days"))
        #expect(Step.status(store.state, now: now.addingTimeInterval(4 * 86_400 + 7_200))
            == .failed(reason: "the token expired 1 day 2 hours ago; generate a new one"))
    }

    @Test("another device, hub or key makes the token stale")
    func stale() throws {
        let store = try storeWithInputs()
        generate(store)
        let otherDevice = Step.Inputs(hub: try StepFixtures.hub, device: try DeviceID(validating: "press-07"), deviceKey: StepFixtures.deviceKey)
        store.send(.inputsChanged(otherDevice)) { $0.inputs = otherDevice }
        #expect(Step.status(store.state, now: now)
            == .stale(reason: "the token is for iot-device-for-test on iot-hub-for-test.azure-devices.net; generate a new one"))

        let otherKey = try inputs(key: StepFixtures.otherDeviceKeyText)
        store.send(.inputsChanged(otherKey)) { $0.inputs = otherKey }
        #expect(Step.status(store.state, now: now)
            == .stale(reason: "the device key changed since the token was generated; generate a new one"))

        // Generating again for the new key signs with it and the step is done again.
        store.send(.generate(now: now)) {
            $0.token = try? StepFixtures.token(key: StepFixtures.otherDeviceKeyText)
            $0.tokenFor = otherKey
        }
        #expect(Step.status(store.state, now: now) == .done(warning: nil))
    }

    @Test("generate does nothing while a field error stands, and each error says what to do")
    func fieldErrors() throws {
        let store = TestStore<Step>(initialState: Step.State())
        store.send(.generate(now: now))
        #expect(Step.fieldErrors(store.state) == [
            FieldError(field: "device", message: "No hub and device yet: fill them in step 3 (Device)"),
            FieldError(field: "deviceKey", message: "No device key yet: read it from IoT Hub or paste it in step 3 (Device)"),
        ])

        let badKey = try inputs(key: "not a key")
        store.send(.inputsChanged(badKey)) { $0.inputs = badKey }
        store.send(.lifetimeChanged("forever")) { $0.lifetimeText = "forever" }
        store.send(.generate(now: now))
        let keyError = try #require(Step.fieldErrors(store.state).first)
        #expect(keyError.field == "deviceKey")
        #expect(keyError.message.hasPrefix("the shared access key is not valid base64"))
        #expect(Step.fieldErrors(store.state).last == FieldError(
            field: "lifetime",
            message: "\"forever\" is not a lifetime; use a whole number with d, h, m or s, e.g. 30d, 12h, 90m, 3600s"))
        #expect(!Step.fieldErrors(store.state).contains { $0.message.contains("not a key") })

        store.send(.lifetimeChanged("0d")) { $0.lifetimeText = "0d" }
        #expect(Step.fieldErrors(store.state).last == FieldError(
            field: "lifetime", message: "\"0d\" is not a usable lifetime; it must be more than zero"))
        #expect(Step.status(store.state, now: now) == .pending)
    }

    @Test("reveal toggles, and the token stays masked in its description")
    func reveal() throws {
        let store = try storeWithInputs()
        store.send(.toggleReveal) { $0.revealed = true }
        store.send(.toggleReveal) { $0.revealed = false }
        generate(store)
        let token = try #require(store.state.token)
        #expect(!"\(store.state)".contains(token.value.revealed))
        #expect(!"\(store.state)".contains(StepFixtures.deviceKeyText))
    }
}
