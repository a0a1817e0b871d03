import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite("Wizard: gated Next, goTo and Back")
struct WizardNavigationTests {
    let now = StepFixtures.now

    @Test("Next is blocked by a field error and says which step and why; fixing it lets Next through")
    func nextBlocked() {
        let store = TestStore<Wizard>(initialState: Wizard.State(now: now))
        store.send(.next) {
            $0.blockedReason = "Step 1 (Certificate): Root CA file is empty: use Locate CA to find it from the IoT Edge config, or type its path"
        }
        store.send(.certificate(.caPathChanged("/certs/root.pem"))) {
            $0.certificate.caPath = "/certs/root.pem"
            $0.validation.inputs.caPath = "/certs/root.pem"
            $0.unsavedChanges = true
        }
        // The gateway name belongs to step 2: its absence does not keep the engineer on step 1.
        store.send(.next) {
            $0.current = .names
            $0.blockedReason = nil
        }
        store.send(.next) {
            $0.blockedReason = "Step 2 (Names): Gateway host name is empty: use Read config to take it from the IoT Edge config, or type it"
        }
    }

    @Test("Back and goTo backward are always allowed, even past steps with errors, and clear the reason")
    func backward() {
        var state = Wizard.State(now: now)
        state.current = .agent
        state.blockedReason = "Step 5 (Agent): No SAS token yet: generate it in step 4 (SAS)"
        let store = TestStore<Wizard>(initialState: state)
        store.send(.back) {
            $0.current = .sas
            $0.blockedReason = nil
        }
        store.send(.goTo(.certificate)) { $0.current = .certificate }
        store.send(.back)  // nothing before step 1
        store.send(.goTo(.certificate))
    }

    @Test("goTo forward stops at the first step with a field error and says why")
    func goToForwardStops() {
        var state = Wizard.State(now: now)
        WizardFixtures.run(&state, .certificate(.caPathChanged("/certs/root.pem")), .names(.gatewayHostChanged("gw01")))
        let store = TestStore<Wizard>(initialState: state)
        store.send(.goTo(.validation)) {
            $0.current = .device
            $0.blockedReason = "Step 3 (Device): IoT hub \"\": is empty; give the hub name (myhub) or its host name (myhub.azure-devices.net)"
        }
    }

    @Test("a configured wizard goes straight to validation, and Next stops at the last step")
    func goToForwardThrough() {
        let store = TestStore<Wizard>(initialState: WizardFixtures.configured())
        store.send(.goTo(.validation)) { $0.current = .validation }
        store.send(.next)
    }
}

@Suite("Wizard: live panes and event followers")
struct WizardPaneTests {
    let now = StepFixtures.now

    private func probe() throws -> ValidationStep.ProbeRequest {
        let settings = try GatewayMQTTSettings(gatewayHostName: "gw01", hub: try StepFixtures.hub, device: try StepFixtures.device)
        return ValidationStep.ProbeRequest(
            tls: TLSProbeRequest(host: "gw01", port: 8883, caFile: "/etc/aziot/root.pem"),
            mqtt: MQTTConnectRequest(settings: settings, token: try StepFixtures.token(), caFile: "/etc/aziot/root.pem", port: 8883,
                                     edgeRelease: .v1_2OrLater, gatewayHubHostName: StepFixtures.edgeConfig.hubHostName))
    }

    private func event(_ text: String, source: MonitorEvent.Source = .edgeHub, level: MonitorEvent.Level = .info) -> MonitorEvent {
        MonitorEvent(time: now, source: source, level: level, text: text, deviceID: StepFixtures.deviceName)
    }

    @Test("the connection pane shows step 1's probe and the token's expiry")
    func paneFromStep1AndToken() throws {
        let configured = WizardFixtures.configured()
        #expect(configured.connection.tls == StepFixtures.verifiedReport(caFile: "/etc/aziot/root.pem"))
        #expect(configured.connection.tokenExpiry == Date(timeIntervalSince1970: 1_790_000_000 + 30 * 86_400))
        #expect(configured.connection.mqtt == .idle)
    }

    @Test("validation feeds both panes as results arrive; a dropped result touches neither")
    func paneFromValidation() throws {
        let store = TestStore<Wizard>(initialState: WizardFixtures.configured())
        let inputs = store.state.validation.inputs
        // The configured fixture's agent was pushed: connecting as the device is what the engineer confirms.
        store.send(.validation(.runAsDeviceAnyway), effects: [.validation(.probe(try probe(), 1))]) {
            $0.validation.running = 1
            $0.validation.ranWith = inputs
            $0.validation.tls = .running(1)
            $0.validation.nextGeneration = 2
        }
        let report = StepFixtures.verifiedReport(caFile: "/etc/aziot/root.pem")
        store.send(.validation(.tlsProbed(1, report))) {
            $0.validation.tls = .loaded(report)
            $0.connection.tls = report
        }
        let connecting = MQTTSessionEvent.connecting(attempt: 0, host: "gw01", port: 8883)
        store.send(.validation(.mqttEvent(1, connecting))) {
            $0.validation.mqttEvents = [connecting]
            $0.connection.mqtt = .connecting(attempt: 0)
            $0.messages.append(MonitorEvent(
                time: self.now, source: .probe, level: .info, text: "connecting to gw01:8883", deviceID: StepFixtures.deviceName))
        }
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: try probe().mqtt.diagnosisContext, now: now)
        store.send(.validation(.mqttEvent(1, .refused(diagnosis)))) {
            $0.validation.mqttEvents.append(.refused(diagnosis))
            $0.connection.mqtt = .refused(code: 5, headline: diagnosis.likelyCauses[0].text)
            $0.connection.lastConnack = 5
            $0.messages.append(MQTTSessionEvent.refused(diagnosis).monitorEvent(at: self.now, deviceID: StepFixtures.deviceName))
        }
        #expect(store.state.messages.all.last?.level == .error)
        #expect(store.state.messages.all.last?.text.hasPrefix("CONNACK 5 (not authorized): ") == true)
        // Results of an older probe change nothing, the panes included.
        store.send(.validation(.mqttEvent(0, .connected(milliseconds: 3))))
        store.send(.validation(.tlsProbed(0, StepFixtures.untrustedReport())))
        // Neither does a late answer to an old step-1 probe.
        store.send(.certificate(.probeFinished(1, StepFixtures.untrustedReport())))
        store.send(.validation(.finished(1))) { $0.validation.running = nil }
        #expect(Wizard.status(of: .validation, in: store.state) == .failed(reason: "MQTT CONNECT refused: CONNACK 5 (not authorized)"))
    }

    @Test("followed events reach the message pane; events for a stopped follower are dropped")
    func followed() {
        let store = TestStore<Wizard>(initialState: WizardFixtures.configured())
        let line = event("Device iot-device-for-test connected")
        store.send(.followed(2, line)) { $0.messages.append(line) }
        store.send(.followed(1, event("from the follower that was stopped")))
        store.send(.followed(3, event("from a follower not started yet")))
        #expect(store.state.messages.visible == [line])
    }

    @Test("edgeHub's flow for the followed device reaches the connection pane; a stopped follower's or another device's does not")
    func flowMeasured() {
        let store = TestStore<Wizard>(initialState: WizardFixtures.configured())
        let device = store.state.followedDevice ?? "?"
        func flow(_ device: String, received: Double) -> EdgeHubFlow {
            EdgeHubFlow(from: EdgeHubDeviceCounters(device: device, time: Date(timeIntervalSince1970: 0), instanceNumber: "a"),
                        to: EdgeHubDeviceCounters(device: device, time: Date(timeIntervalSince1970: 5), instanceNumber: "a",
                                                  received: received, sentUpstream: received))
        }
        let current = flow(device, received: 5)
        store.send(.flowMeasured(2, current)) { $0.connection.flow = current }
        store.send(.flowMeasured(1, flow(device, received: 9)))
        store.send(.flowMeasured(2, flow("someone-else", received: 9)))
        #expect(store.state.connection.flow?.paneText == "5 in / 5 up")
    }

    @Test("the message pane pauses, resumes, clears and filters")
    func messagePane() {
        let store = TestStore<Wizard>(initialState: WizardFixtures.configured())
        let first = event("first")
        let warning = event("Unable to authenticate client iot-device-for-test", level: .warning)
        let kepware = event("devices/iot-device-for-test/messages/events/: 1 value", source: .kepware)
        store.send(.followed(2, first)) { $0.messages.append(first) }
        store.send(.messagePane(.pause)) { $0.messages.pause() }
        store.send(.followed(2, warning)) { $0.messages.append(warning) }
        #expect(store.state.messages.visible == [first])
        #expect(store.state.messages.newWhilePaused == 1)
        store.send(.messagePane(.resume)) { $0.messages.resume() }
        #expect(store.state.messages.visible == [first, warning])
        store.send(.followed(2, kepware)) { $0.messages.append(kepware) }
        let onlyKepware = MonitorEventStore.Filter(sources: [.kepware])
        store.send(.messagePane(.filter(onlyKepware))) { $0.messages.filter = onlyKepware }
        #expect(store.state.messages.visible == [kepware])
        let byText = MonitorEventStore.Filter(text: "authenticate")
        store.send(.messagePane(.filter(byText))) { $0.messages.filter = byText }
        #expect(store.state.messages.visible == [warning])
        store.send(.messagePane(.clear)) { $0.messages.clear() }
        #expect(store.state.messages.all == [])
    }

    @Test("following restarts only when the device id changes, and only once following has started")
    func followingRestarts() {
        let notStarted = TestStore<Wizard>(initialState: Wizard.State(now: now))
        notStarted.send(.device(.deviceIDChanged("press-07"))) {
            $0.device.deviceIDText = "press-07"
            $0.unsavedChanges = true
            $0.sas.inputs.device = try? DeviceID(validating: "press-07")
            $0.agent.inputs.device = try? DeviceID(validating: "press-07")
            $0.validation.inputs.device = try? DeviceID(validating: "press-07")
        }

        var started = Wizard.State(now: now)
        WizardFixtures.run(&started, .start(now: now))
        let store = TestStore<Wizard>(initialState: started)
        store.send(.device(.deviceIDChanged("press 07"))) {  // not a valid id: still no device to follow
            $0.device.deviceIDText = "press 07"
            $0.unsavedChanges = true
        }
        store.send(.device(.deviceIDChanged("press-07")), effects: [.stopFollowing(1), .followEvents(deviceID: "press-07", 2)]) {
            $0.device.deviceIDText = "press-07"
            $0.sas.inputs.device = try? DeviceID(validating: "press-07")
            $0.agent.inputs.device = try? DeviceID(validating: "press-07")
            $0.validation.inputs.device = try? DeviceID(validating: "press-07")
            $0.following = 2
            $0.followedDevice = "press-07"
            $0.nextGeneration = 3
        }
    }

    @Test("IoT Hub's endpoint is read for step 3's device with its hub-owner connection string: Hub row and pane lines; a new device or owner restarts only that reader")
    func hubEventsFollowStep3() throws {
        let ownerText = "HostName=plant-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=AAMGCQwPEhUYGx4hJCcqLTAzNjk8P0JFSEtOUVRXWl0="
        let owner = try HubOwnerConnectionString(parsing: ownerText)
        var started = Wizard.State(now: now)
        WizardFixtures.run(&started, .start(now: now), .device(.deviceIDChanged("press-07")))
        #expect(started.following == 2 && started.nextGeneration == 3)
        let store = TestStore<Wizard>(initialState: started)

        store.send(.device(.ownerConnectionStringChanged(Secret(ownerText))), effects: [.followHubEvents(deviceID: "press-07", owner: owner, 3)]) {
            $0.device.ownerConnectionString = Secret(ownerText)
            $0.hubEventsReader = HubEventsReaderKey($0.device)
            $0.hubEventsFollowing = 3
            $0.nextGeneration = 4
            $0.connection.hubArrival = HubArrival(device: "press-07")
        }
        #expect(store.state.connection.hubArrival?.paneText == "connecting")

        let listening = HubEventsUpdate.listening(partitions: ["0", "1"])
        store.send(.hubEventsUpdated(3, listening)) {
            $0.connection.hubArrival?.record(listening, now: now)
            $0.messages.append(MonitorEvent(time: now, source: .iotHub, level: .info, text: "listening on 2 partitions (0, 1) for press-07's messages"))
        }
        let body = #"{"timestamp":1700000000000,"values":[{"id":"Line1.Press.Speed","v":42,"q":true,"t":1700000000000}]}"#
        let message = HubEventsUpdate.message(HubEventMessage(partition: "1", annotations: [
            HubEventMessage.deviceIDKey: .text("press-07"), HubEventMessage.enqueuedTimeKey: .timestamp(1_700_000_000_900),
        ], body: Data(body.utf8)))
        store.send(.hubEventsUpdated(3, message)) {
            $0.connection.hubArrival?.record(message, now: now)
            $0.messages.append(message.monitorEvent(device: "press-07", now: now)!)
        }
        #expect(store.state.connection.hubArrival?.paneText == "1 in, 900 ms")
        #expect(store.state.messages.visible.last?.text.hasPrefix("press-07 arrived in IoT Hub (partition 1): 1 value, 900 ms end to end") == true)
        store.send(.hubEventsUpdated(2, message))  // another generation's reader: dropped

        // A new device restarts the log followers and the hub reader; no owner: the reader stops, the row goes.
        store.send(.device(.deviceIDChanged("press-08")),
                   effects: [.stopFollowing(2), .followEvents(deviceID: "press-08", 4), .stopFollowing(3), .followHubEvents(deviceID: "press-08", owner: owner, 5)]) {
            $0.device.deviceIDText = "press-08"
            $0.sas.inputs.device = try? DeviceID(validating: "press-08")
            $0.agent.inputs.device = try? DeviceID(validating: "press-08")
            $0.validation.inputs.device = try? DeviceID(validating: "press-08")
            $0.following = 4
            $0.followedDevice = "press-08"
            $0.hubEventsReader = HubEventsReaderKey($0.device)
            $0.hubEventsFollowing = 5
            $0.nextGeneration = 6
            $0.connection.hubArrival = HubArrival(device: "press-08")
        }
        store.send(.device(.ownerConnectionStringChanged(Secret(""))), effects: [.stopFollowing(5)]) {
            $0.device.ownerConnectionString = Secret("")
            $0.hubEventsReader = nil
            $0.hubEventsFollowing = nil
            $0.connection.hubArrival = nil
        }
    }

    @Test("unsaved changes are set by a field edit and cleared when the session is saved")
    func unsavedChanges() {
        let store = TestStore<Wizard>(initialState: WizardFixtures.configured())
        store.send(.certificate(.exportDirectoryChanged("/mnt/usb"))) {
            $0.certificate.exportDirectory = "/mnt/usb"
            $0.unsavedChanges = true
        }
        store.send(.sessionSaved) { $0.unsavedChanges = false }
        store.send(.agent(.toggleReveal)) { $0.agent.revealed = true }
        store.send(.messagePane(.pause)) { $0.messages.pause() }
        store.send(.goTo(.names)) { $0.current = .names }
        #expect(store.state.unsavedChanges == false)
    }
}
