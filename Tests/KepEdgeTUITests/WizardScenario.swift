import Foundation
import KepEdgeCore
import KepEdgeTUI

/// A wizard driven as the app drives it: every key, runtime result and resize goes through
/// `WizardAppReducer`, the reducer `kepedge` runs. Effects are answered by hand with the generation they asked for.
struct WizardScenario {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T14:13:20Z

    /// A session file to save to, as `kepedge wizard` has (a lab has none).
    var app = WizardAppReducer.State(wizard: Wizard.State(now: WizardScenario.now),
                                     ui: WizardUI(sessionPath: "/home/engineer/.local/state/kepedge/session.json"))
    /// The wizard effects the last events asked for, newest last.
    var effects: [Wizard.Effect] = []
    /// What the app was asked besides performing wizard effects (save, write, quit), in order.
    var appEffects: [WizardAppReducer.Effect] = []

    var state: Wizard.State {
        get { app.wizard }
        set { app.wizard = newValue }
    }

    var ui: WizardUI {
        get { app.ui }
        set { app.ui = newValue }
    }

    /// One loop event through the app's reducer, at the wizard's clock.
    mutating func dispatch(_ event: UIEvent<WizardAppReducer.Message>) {
        for effect in WizardAppReducer.reduce(&app, event, now: state.now) {
            if case .perform(let wizardEffects) = effect { effects += wizardEffects } else { appEffects.append(effect) }
        }
    }

    /// A result from the runtime.
    mutating func send(_ action: Wizard.Action) {
        dispatch(.action(.wizard(action)))
    }

    mutating func press(_ keys: Key...) {
        for key in keys { dispatch(.key(key)) }
    }

    mutating func type(_ text: String) {
        for character in text { press(.character(character)) }
    }

    mutating func resize(to size: TerminalSize) {
        dispatch(.resized(size))
    }

    mutating func tick(seconds: Double) {
        send(.tick(state.now.addingTimeInterval(seconds)))
    }

    /// The app effects other than session saves (those come with every completed step).
    var requests: [WizardAppReducer.Effect] {
        appEffects.filter { if case .saveSession = $0 { false } else { true } }
    }

    func render(_ size: TerminalSize? = nil, unicode: Bool = true) -> CellGrid {
        WizardScreen.render(state, ui, size: size ?? ui.screenSize, capabilities: TerminalCapabilities(unicode: unicode, colors: .none))
    }

    /// The generation of the last effect matching `pick`.
    func generation(_ pick: (Wizard.Effect) -> Generation?) -> Generation {
        effects.reversed().lazy.compactMap(pick).first ?? -1
    }
}

/// Domain values the screens are shown with.
enum ScreenFixtures {
    static let hubHost = "plant-hub.azure-devices.net"
    static let deviceKey = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let ownerConnectionString =
        "HostName=\(hubHost);SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0LW93bmVyLWtleS1mb3ItdGVzdHMtb25seSE="
    static let edgeScope = "ms-azure-iot-edge://gw01-edge-637000000000000000"

    static let config = EdgeConfig(
        sourcePath: "/etc/aziot/config.toml", format: .toml, hostname: "gw01.plant.local",
        trustBundlePath: "/etc/aziot/certs/root-ca.pem", hubHostName: hubHost, edgeDeviceId: "gw01-edge")

    static func certificate(subject: String, issuer: String, names: [String] = [], isCA: Bool, days: Int,
                            notBefore: Date = WizardScenario.now.addingTimeInterval(-86_400)) -> CertificateSummary {
        CertificateSummary(
            subject: subject, issuer: issuer, subjectAlternativeNames: names, notBefore: notBefore,
            notAfter: notBefore.addingTimeInterval(Double(days) * 86_400), isCA: isCA,
            sha1Fingerprint: "3F:A1:0C:9B:22:71:5E:D0:88:14:6A:BC:01:F2:7D:93:40:E5:6C:AA",
            sha256Fingerprint: "9A:0B:77:21")
    }

    static let rootCA = certificate(subject: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", issuer: "CN=Azure_IoT_Hub_CA_Cert_Test_Only",
                                    isCA: true, days: 365)
    static let leaf = certificate(subject: "CN=gw01.plant.local", issuer: "CN=gw01-edge.ca",
                                  names: ["DNS:gw01.plant.local", "DNS:edgeHub"], isCA: false, days: 90)

    static func report(verifyCode: Int?, text: String?, chain: [CertificateSummary] = [leaf], failure: TLSFailure? = nil) -> TLSProbeReport {
        TLSProbeReport(
            request: TLSProbeRequest(host: "gw01.plant.local", port: 8883, caFile: config.trustBundlePath, timeoutSeconds: 5),
            connectedAddress: failure == .connectionRefused ? nil : "10.20.0.5", verifyCode: verifyCode, verifyText: text,
            protocolVersion: verifyCode == 0 ? "TLSv1.3" : nil, servedChain: chain, connectMilliseconds: 1.2,
            handshakeMilliseconds: 3.4, failure: failure)
    }

    static func observation(host: String = "gw01.plant.local", addresses: [String] = ["10.20.0.5"]) -> NameObservation {
        NameObservation(
            resolution: NameResolutionReport(host: host, addresses: addresses, error: addresses.isEmpty ? "Name or service not known" : nil,
                                             milliseconds: 2),
            hostsEntries: [],
            interfaces: [InterfaceAddress(interfaceName: "eth0", address: "10.20.0.5", family: .ipv4)],
            defaultRouteInterface: "eth0",
            port: addresses.first.map { PortReachabilityReport(host: host, address: $0, port: 8883, accepted: true, error: nil, milliseconds: 1) })
    }

    static func registration(parentSet: Bool = true) -> DeviceRegistration {
        DeviceRegistration(deviceID: "kepware-line3", created: false, enabled: true, deviceScope: parentSet ? edgeScope : nil,
                           edgeDeviceScope: edgeScope, etag: "\"AAAAAAAAAAE=\"", primaryKey: Secret(deviceKey), routes: .portalDefault)
    }
}

/// The wizard at each point of a walk, every step reached through the one before it.
extension WizardScenario {
    /// The IoT Edge config read: CA path, gateway name, hub and edge device filled in.
    static func configured() -> WizardScenario {
        var scenario = WizardScenario()
        scenario.send(.start(now: now))
        let generation = scenario.generation { if case .names(.readEdgeConfig(let g)) = $0 { g } else { nil } }
        scenario.send(.names(.edgeConfigRead(generation, .success(ScreenFixtures.config))))
        return scenario
    }

    /// Step 1 verified, with `report` as edgeHub's answer.
    static func certificateProbed(_ report: TLSProbeReport = ScreenFixtures.report(verifyCode: 0, text: "ok")) -> WizardScenario {
        var scenario = configured()
        scenario.press(.enter)  // on a field, Enter runs the step's first button (Verify)
        let generation = scenario.generation { if case .certificate(.probeTLS(_, let g)) = $0 { g } else { nil } }
        scenario.send(.certificate(.caLoaded(generation, .success(ScreenFixtures.rootCA))))
        scenario.send(.certificate(.probeFinished(generation, report)))
        return scenario
    }

    /// Step 2 checked with `observation`.
    static func namesChecked(_ observation: NameObservation = ScreenFixtures.observation(),
                             certificate: TLSProbeReport = ScreenFixtures.report(verifyCode: 0, text: "ok")) -> WizardScenario {
        var scenario = certificateProbed(certificate)
        scenario.press(.pageDown, .enter)
        let generation = scenario.generation { if case .names(.observeName(_, _, let g)) = $0 { g } else { nil } }
        scenario.send(.names(.observed(generation, observation)))
        return scenario
    }

    /// Step 3 with the device id typed and the hub-owner key pasted.
    static func deviceFilled() -> WizardScenario {
        var scenario = namesChecked()
        scenario.press(.pageDown, .tab)
        scenario.type("kepware-line3")
        scenario.press(.tab, .tab)
        scenario.type(ScreenFixtures.ownerConnectionString)
        return scenario
    }

    static func deviceAnswered(_ result: Result<DeviceRegistration, StepFailure>) -> WizardScenario {
        var scenario = deviceFilled()
        scenario.press(.enter)
        let generation = scenario.generation { if case .device(.ensureDevice(_, let g)) = $0 { g } else { nil } }
        scenario.send(.device(.registryAnswered(generation, result)))
        return scenario
    }

    /// Step 4 with a token generated for `lifetime`.
    static func tokenGenerated(lifetime: String = "30d") -> WizardScenario {
        var scenario = deviceAnswered(.success(ScreenFixtures.registration()))
        scenario.press(.pageDown, .control("u"))
        scenario.type(lifetime)
        scenario.press(.enter)
        return scenario
    }

    static func agentShown() -> WizardScenario {
        var scenario = tokenGenerated()
        scenario.press(.pageDown)
        return scenario
    }

    static func agentPushed(_ result: Result<AgentPushOutcome, StepFailure>) -> WizardScenario {
        var scenario = agentShown()
        scenario.press(.enter)
        let generation = scenario.generation { if case .agent(.pushAgent(_, let g)) = $0 { g } else { nil } }
        scenario.send(.agent(.pushFinished(generation, result)))
        return scenario
    }

    static let connected = AgentPushOutcome(
        created: true, itemFailures: [], differences: [],
        connectedLine: "MQTT agent 'kepware-line3' is connected to broker 'ssl://gw01.plant.local:8883'", eventLogProblems: [])

    /// Step 6 after Kepware's agent connected: Validate holds the probe back (it would knock Kepware's session off).
    static func validationHeldBack() -> WizardScenario {
        var scenario = agentPushed(.success(connected))
        scenario.press(.pageDown, .enter)
        return scenario
    }

    /// Then "Connect as device anyway" (the engineer confirmed): the probe runs.
    static func validationStarted() -> WizardScenario {
        var scenario = validationHeldBack()
        scenario.press(.tab, .enter)
        return scenario
    }

    var validationGeneration: Generation {
        generation { if case .validation(.probe(_, let g)) = $0 { g } else { nil } }
    }

    static func validated(refusedWith code: Int? = nil) -> WizardScenario {
        var scenario = validationStarted()
        let generation = scenario.validationGeneration
        scenario.send(.validation(.tlsProbed(generation, ScreenFixtures.report(verifyCode: 0, text: "ok"))))
        scenario.send(.validation(.mqttEvent(generation, .connecting(attempt: 1, host: "gw01.plant.local", port: 8883))))
        if let code {
            let token = scenario.state.sas.token?.inspection
            let context = ConnackContext(clientID: "kepware-line3", username: "\(ScreenFixtures.hubHost)/kepware-line3/?api-version=2021-04-12",
                                         hasPassword: true, token: token)
            scenario.send(.validation(.mqttEvent(generation, .refused(.diagnose(code: code, context: context, now: now)))))
        } else {
            scenario.send(.validation(.mqttEvent(generation, .connected(milliseconds: 41))))
            scenario.send(.validation(.mqttEvent(generation, .published(messageID: 1, topic: "devices/kepware-line3/messages/events/", milliseconds: 23))))
        }
        scenario.send(.validation(.finished(generation)))
        return scenario
    }

    /// Kepware's own messages arriving in the message pane from the followers.
    mutating func kepwareEvents(_ count: Int) {
        guard let following = state.following else { return }
        for index in 0..<count {
            let rows = [KepwarePayloadRow(tag: "Channel1.Device1.Tag1", value: "\(40 + index)", quality: .good, time: nil),
                        KepwarePayloadRow(tag: "Channel1.Device1.Tag2", value: "true", quality: .good, time: nil)]
            send(.followed(following, MonitorEvent(time: state.now.addingTimeInterval(Double(index)), source: .kepware, level: .info,
                                                   text: "devices/kepware-line3/messages/events/: 2 values Channel1.Device1.Tag1=\(40 + index) Channel1.Device1.Tag2=true",
                                                   deviceID: "kepware-line3", rows: rows)))
        }
        send(.followed(following, MonitorEvent(time: state.now, source: .edgeHub, level: .info,
                                               text: "Client kepware-line3 connected with clean session", deviceID: "kepware-line3")))
    }

    /// IoT Hub's endpoint (read with step 3's owner connection string) listening, then `count` of Kepware's
    /// messages arriving, each enqueued 850 ms after Kepware stamped it.
    mutating func hubEvents(_ count: Int) {
        guard let reading = state.hubEventsFollowing else { return }
        send(.hubEventsUpdated(reading, .listening(partitions: ["0", "1"])))
        let stamp = Int64(state.now.timeIntervalSince1970 * 1000)
        for index in 0..<count {
            let body = #"{"timestamp":\#(stamp),"values":[{"id":"Channel1.Device1.Tag1","v":\#(40 + index),"q":true,"t":\#(stamp)}]}"#
            send(.hubEventsUpdated(reading, .message(HubEventMessage(partition: "1", annotations: [
                HubEventMessage.deviceIDKey: .text("kepware-line3"), HubEventMessage.enqueuedTimeKey: .timestamp(stamp + 850),
            ], body: Data(body.utf8)))))
        }
    }
}
