import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Step 3: device registration")
struct DeviceStepTests {
    typealias Step = DeviceStep

    private func request() throws -> RegistrationRequest {
        RegistrationRequest(
            hub: try StepFixtures.hub, device: try StepFixtures.device, edgeDevice: try StepFixtures.edgeDevice,
            ownerConnectionString: try HubOwnerConnectionString(parsing: StepFixtures.ownerConnectionString))
    }

    private func key() throws -> Step.Key {
        Step.Key(hub: try StepFixtures.hub, device: try StepFixtures.device, edgeDevice: try StepFixtures.edgeDevice)
    }

    /// Hub, device, parent and the hub-owner connection string typed in, through the step's actions.
    private func filledStore() -> TestStore<Step> {
        let store = TestStore<Step>(initialState: Step.State())
        store.send(.hubChanged(StepFixtures.hubName)) { $0.hubText = StepFixtures.hubName }
        store.send(.deviceIDChanged(StepFixtures.deviceName)) { $0.deviceIDText = StepFixtures.deviceName }
        store.send(.edgeDeviceIDChanged(StepFixtures.edgeDeviceName)) { $0.edgeDeviceIDText = StepFixtures.edgeDeviceName }
        store.send(.ownerConnectionStringChanged(Secret(StepFixtures.ownerConnectionString))) {
            $0.ownerConnectionString = Secret(StepFixtures.ownerConnectionString)
        }
        return store
    }

    private func register(_ store: TestStore<Step>, generation: Generation = 1) throws {
        let key = try key()
        store.send(.register, effects: [.ensureDevice(try request(), generation)]) {
            $0.registration = .running(generation)
            $0.registeredFor = key
            $0.nextGeneration = generation + 1
        }
    }

    @Test("register asks the registry for the device as a child of the edge device; an enabled child with a route completes the step")
    func registerOK() throws {
        let store = filledStore()
        #expect(Step.status(store.state) == .pending)
        try register(store)
        #expect(Step.status(store.state) == .running)
        let answer = StepFixtures.registration(created: true)
        store.send(.registryAnswered(1, .success(answer))) { $0.registration = .loaded(answer) }
        #expect(Step.status(store.state) == .done(warning: nil))
        #expect(Step.deviceKey(store.state) == StepFixtures.deviceKey)
    }

    @Test("no route to $upstream fails the step: edgeHub would drop Kepware's messages (the same verdict kepedge check gives)")
    func noRouteFails() throws {
        let store = filledStore()
        try register(store)
        let answer = StepFixtures.registration(routesToUpstream: false)
        store.send(.registryAnswered(1, .success(answer))) { $0.registration = .loaded(answer) }
        #expect(Step.status(store.state) == .failed(reason: "no route sends downstream messages to $upstream: edgeHub accepts Kepware's messages and drops them"))
        let routes = try #require(Step.checks(store.state).first { $0.id == .edgeHubRoutes })
        #expect(routes.fix?.contains("FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream") == true)
    }

    @Test("a device read-only look that finds nothing says it is not registered and how to register it")
    func inspectFindsNoDevice() throws {
        let store = filledStore()
        let key = try key()
        store.send(.inspect, effects: [.readDevice(try request(), 1)]) {
            $0.registration = .running(1)
            $0.registeredFor = key
            $0.nextGeneration = 2
        }
        let missing = DeviceRegistration.missing(StepFixtures.deviceName, edgeDeviceScope: StepFixtures.edgeScope)
        store.send(.registryAnswered(1, .success(missing))) { $0.registration = .loaded(missing) }
        let checks = Step.checks(store.state)
        #expect(checks.map(\.id) == [.deviceExists])
        #expect(checks.first?.status == .error)
        #expect(checks.first?.fix?.contains("kepedge register") == true)
        #expect(Step.deviceKey(store.state) == nil)
    }

    @Test("a registry failure fails the step with its message")
    func registryFails() throws {
        let store = filledStore()
        try register(store)
        let failure = StepFailure("IoT Hub answered 401: the hub-owner key is wrong", fix: "copy the iothubowner connection string again")
        store.send(.registryAnswered(1, .failure(failure))) { $0.registration = .failed(failure) }
        #expect(Step.status(store.state) == .failed(reason: "IoT Hub answered 401: the hub-owner key is wrong"))
        #expect(Step.deviceKey(store.state) == nil)
    }

    @Test("a disabled device fails the step with the az command that enables it")
    func disabled() throws {
        let store = filledStore()
        try register(store)
        let answer = StepFixtures.registration(enabled: false)
        store.send(.registryAnswered(1, .success(answer))) { $0.registration = .loaded(answer) }
        #expect(Step.status(store.state) == .failed(reason: "device iot-device-for-test is disabled in IoT Hub: edgeHub and IoT Hub refuse it"))
        let enabled = try #require(Step.checks(store.state).first { $0.id == .deviceEnabled })
        #expect(enabled.fix?.contains("az iot hub device-identity update -d iot-device-for-test --status enabled") == true)
    }

    @Test("a device without the edge parent fails the step; setParent sends the etag and completes it")
    func setParent() throws {
        let store = filledStore()
        store.send(.setParent)  // nothing read yet
        try register(store)
        store.send(.setParent)  // still running
        let orphan = StepFixtures.registration(parentSet: false)
        store.send(.registryAnswered(1, .success(orphan))) { $0.registration = .loaded(orphan) }
        #expect(Step.status(store.state) == .failed(reason: "iot-device-for-test has no parent gw01-edge: edgeHub will refuse it (CONNACK 5)"))
        #expect(Step.checks(store.state).first { $0.id == .deviceParent }?.fix?.contains("Set parent (P)") == true)
        store.send(.setParent, effects: [.setParent(try request(), etag: "\"AAAAAAAAAAE=\"", 2)]) {
            $0.registration = .running(2)
            $0.nextGeneration = 3
        }
        store.send(.registryAnswered(1, .success(orphan)))  // the older answer is dropped
        let child = StepFixtures.registration()
        store.send(.registryAnswered(2, .success(child))) { $0.registration = .loaded(child) }
        #expect(Step.status(store.state) == .done(warning: nil))
        store.send(.setParent)  // the parent is set: nothing to do
    }

    @Test("editing the hub, device or parent while the registry call runs cancels it and drops its answer")
    func editCancels() throws {
        let store = filledStore()
        try register(store)
        store.send(.deviceIDChanged("press-07"), effects: [.cancel(1)]) {
            $0.deviceIDText = "press-07"
            $0.registration = .idle
            $0.registeredFor = nil
        }
        store.send(.registryAnswered(1, .success(StepFixtures.registration())))
        #expect(Step.status(store.state) == .pending)

        store.send(.deviceIDChanged(StepFixtures.deviceName)) { $0.deviceIDText = StepFixtures.deviceName }
        try register(store, generation: 2)
        store.send(.hubChanged("other-hub"), effects: [.cancel(2)]) {
            $0.hubText = "other-hub"
            $0.registration = .idle
            $0.registeredFor = nil
        }
        store.send(.hubChanged(StepFixtures.hubName)) { $0.hubText = StepFixtures.hubName }
        try register(store, generation: 3)
        store.send(.edgeDeviceIDChanged("gw02-edge"), effects: [.cancel(3)]) {
            $0.edgeDeviceIDText = "gw02-edge"
            $0.registration = .idle
            $0.registeredFor = nil
        }
    }

    @Test("a registered device becomes stale when the hub or device changes afterwards")
    func stale() throws {
        let store = filledStore()
        try register(store)
        let answer = StepFixtures.registration()
        store.send(.registryAnswered(1, .success(answer))) { $0.registration = .loaded(answer) }
        store.send(.deviceIDChanged("press-07")) { $0.deviceIDText = "press-07" }
        #expect(Step.status(store.state) == .stale(reason:
            "checked iot-device-for-test on iot-hub-for-test.azure-devices.net; the hub or device changed since"))
        // The registry's key belongs to the old device: it signs nothing for the new one.
        #expect(Step.deviceKey(store.state) == nil)
        store.send(.setParent)
    }

    @Test("cancel stops the registry call; a second cancel has nothing to stop")
    func cancel() throws {
        let store = filledStore()
        try register(store)
        store.send(.cancel, effects: [.cancel(1)]) {
            $0.registration = .idle
            $0.registeredFor = nil
        }
        store.send(.cancel)
        #expect(Step.status(store.state) == .pending)
    }

    @Test("without a hub-owner key, register does nothing and says what to paste")
    func registerNeedsOwner() throws {
        let store = TestStore<Step>(initialState: Step.State(
            hubText: StepFixtures.hubName, deviceIDText: StepFixtures.deviceName, edgeDeviceIDText: StepFixtures.edgeDeviceName))
        store.send(.register)
        #expect(Step.fieldErrors(store.state) == [])
        #expect(Step.registryFieldErrors(store.state) == [FieldError(
            field: "ownerConnectionString",
            message: "No hub-owner connection string: paste one (iothubowner or a policy with registry read/write), or run the az commands shown and paste the device connection string")])

        let otherHub = Secret("HostName=plant-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=\(StepFixtures.ownerKeyText)")
        store.send(.ownerConnectionStringChanged(otherHub)) { $0.ownerConnectionString = otherHub }
        store.send(.register)
        #expect(Step.registryFieldErrors(store.state) == [FieldError(
            field: "ownerConnectionString",
            message: "The hub-owner connection string is for plant-hub.azure-devices.net, not iot-hub-for-test.azure-devices.net")])

        let deviceString = Secret(StepFixtures.deviceConnectionString)
        store.send(.ownerConnectionStringChanged(deviceString)) { $0.ownerConnectionString = deviceString }
        store.send(.register)
        let error = try #require(Step.registryFieldErrors(store.state).first)
        #expect(error.message == "hub-owner connection string: this is a device connection string (it has DeviceId), not a hub connection string (HostName;SharedAccessKeyName;SharedAccessKey)")
        #expect(!error.message.contains(StepFixtures.deviceKeyText))
    }

    @Test("empty or invalid ids are field errors with their exact messages")
    func fieldErrors() {
        let store = TestStore<Step>(initialState: Step.State())
        #expect(Step.fieldErrors(store.state) == [
            FieldError(field: "hub", message: "IoT hub \"\": is empty; give the hub name (myhub) or its host name (myhub.azure-devices.net)"),
            FieldError(field: "device", message: "device id is empty; give the id the device has (or will have) in IoT Hub"),
            FieldError(field: "edgeDevice", message: "edge device: device id is empty; give the id the device has (or will have) in IoT Hub"),
        ])
        store.send(.hubChanged(StepFixtures.hubName)) { $0.hubText = StepFixtures.hubName }
        store.send(.deviceIDChanged("press 07")) { $0.deviceIDText = "press 07" }
        store.send(.edgeDeviceIDChanged(StepFixtures.edgeDeviceName)) { $0.edgeDeviceIDText = StepFixtures.edgeDeviceName }
        #expect(Step.fieldErrors(store.state) == [FieldError(
            field: "device",
            message: "device id \"press 07\": character ' ' at position 6 is not allowed; use letters, digits and - . % _ * ? ! ( ) , : = @ $ '")])
    }

    @Test("a pasted device connection string fills the empty hub and device, gives the key, and the step is done unverified")
    func pastedConnectionString() throws {
        let store = TestStore<Step>(initialState: Step.State(edgeDeviceIDText: StepFixtures.edgeDeviceName))
        let pasted = Secret(StepFixtures.deviceConnectionString)
        store.send(.credentialPasted(pasted)) {
            $0.pastedCredential = pasted
            $0.hubText = StepFixtures.hubHostName
            $0.deviceIDText = StepFixtures.deviceName
        }
        #expect(Step.fieldErrors(store.state) == [])
        #expect(Step.deviceKey(store.state) == StepFixtures.deviceKey)
        #expect(Step.status(store.state) == .done(warning:
            "parent not verified: without a hub-owner key kepedge cannot check that iot-device-for-test is a child of gw01-edge"))
    }

    @Test("a pasted string for another device is a field error and gives no key; typed fields are kept")
    func pastedForAnotherDevice() throws {
        let store = TestStore<Step>(initialState: Step.State(
            hubText: StepFixtures.hubName, deviceIDText: "press-07", edgeDeviceIDText: StepFixtures.edgeDeviceName))
        let pasted = Secret(StepFixtures.deviceConnectionString)
        store.send(.credentialPasted(pasted)) { $0.pastedCredential = pasted }
        #expect(Step.fieldErrors(store.state) == [FieldError(
            field: "pastedCredential",
            message: "The pasted connection string is for device iot-device-for-test, not press-07")])
        #expect(Step.deviceKey(store.state) == nil)
        #expect(Step.status(store.state) == .pending)

        let otherHub = Secret("HostName=plant-hub.azure-devices.net;DeviceId=press-07;SharedAccessKey=\(StepFixtures.deviceKeyText)")
        store.send(.credentialPasted(otherHub)) { $0.pastedCredential = otherHub }
        #expect(Step.fieldErrors(store.state) == [FieldError(
            field: "pastedCredential",
            message: "The pasted connection string is for hub plant-hub.azure-devices.net, not iot-hub-for-test.azure-devices.net")])
    }

    @Test("a pasted bare key is used as is; a broken one is a field error that does not echo it")
    func pastedKey() throws {
        let store = TestStore<Step>(initialState: Step.State(
            hubText: StepFixtures.hubName, deviceIDText: StepFixtures.deviceName, edgeDeviceIDText: StepFixtures.edgeDeviceName))
        let key = Secret("  \(StepFixtures.deviceKeyText)\n")
        store.send(.credentialPasted(key)) { $0.pastedCredential = key }
        #expect(Step.deviceKey(store.state) == StepFixtures.deviceKey)
        #expect(Step.status(store.state).isDone)

        let broken = Secret("+XLy+MVZ+aTeOnVzN2kLeB16O")
        store.send(.credentialPasted(broken)) { $0.pastedCredential = broken }
        let error = try #require(Step.fieldErrors(store.state).first)
        #expect(error.field == "pastedCredential")
        #expect(error.message.hasPrefix("device key: the shared access key is not valid base64"))
        #expect(!error.message.contains(broken.revealed))
        #expect(Step.status(store.state) == .pending)
    }
}
