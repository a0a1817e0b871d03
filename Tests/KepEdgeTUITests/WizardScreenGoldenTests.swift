import Foundation
import Testing
import KepEdgeCore
import KepEdgeTestSupport
import KepEdgeTUI

/// Every step screen in its main states, rendered from states the real reducers reached, compared with
/// `screens/<step>-<state>-<cols>x<rows>.txt`. KEPEDGE_RECORD_SCREENS=1 re-records.
@Suite struct WizardScreenGoldenTests {
    private static let small = TerminalSize(width: 80, height: 24)
    private static let large = TerminalSize(width: 132, height: 43)

    private func expect(_ scenario: WizardScenario, _ name: String, size: TerminalSize = small, unicode: Bool = true) {
        let grid = scenario.render(size, unicode: unicode)
        let outcome = ScreenGolden.check(grid.goldenText, named: "\(name)-\(size.width)x\(size.height)")
        #expect(outcome == .matched, "\(outcome)")
    }

    private static func tls(_ code: Int, _ text: String, chain: [CertificateSummary] = [ScreenFixtures.leaf]) -> TLSProbeReport {
        ScreenFixtures.report(verifyCode: code, text: text, chain: chain, failure: .verificationFailed)
    }

    @Test func certificate() {
        expect(WizardScenario(), "certificate-empty")
        var blocked = WizardScenario()
        blocked.press(.pageDown)
        expect(blocked, "certificate-blocked")
        expect(.configured(), "certificate-filled")
        var running = WizardScenario.configured()
        running.press(.enter)
        running.tick(seconds: 3)
        expect(running, "certificate-running")
        expect(.certificateProbed(), "certificate-ok")
        expect(.certificateProbed(), "certificate-ok", size: Self.large)
        let selfSignedRoot = ScreenFixtures.certificate(subject: "CN=other-root", issuer: "CN=other-root", isCA: true, days: 365)
        expect(.certificateProbed(Self.tls(19, "self-signed certificate in certificate chain", chain: [ScreenFixtures.leaf, selfSignedRoot])),
               "certificate-wrong-ca-19")
        var detail = WizardScenario.certificateProbed(Self.tls(19, "self-signed certificate in certificate chain",
                                                              chain: [ScreenFixtures.leaf, selfSignedRoot]))
        detail.press(.control("o"))
        expect(detail, "certificate-wrong-ca-19-detail")
        let otherName = ScreenFixtures.certificate(subject: "CN=edge-gw", issuer: "CN=gw01-edge.ca", names: ["DNS:edge-gw"], isCA: false, days: 90)
        expect(.certificateProbed(Self.tls(62, "hostname mismatch", chain: [otherName])), "certificate-hostname-62")
        let expired = ScreenFixtures.certificate(subject: "CN=gw01.plant.local", issuer: "CN=gw01-edge.ca", names: ["DNS:gw01.plant.local"],
                                                 isCA: false, days: 90, notBefore: WizardScenario.now.addingTimeInterval(-100 * 86_400))
        expect(.certificateProbed(Self.tls(10, "certificate has expired", chain: [expired])), "certificate-expired-10")
        expect(.certificateProbed(ScreenFixtures.report(verifyCode: nil, text: nil, chain: [], failure: .connectionRefused)),
               "certificate-unreachable")
    }

    @Test func names() {
        var empty = WizardScenario()
        empty.type("/etc/aziot/certs/root-ca.pem")
        empty.press(.pageDown)
        expect(empty, "names-empty")
        expect(.namesChecked(), "names-ok")
        expect(.namesChecked(ScreenFixtures.observation(addresses: [])), "names-unresolved")
        let otherName = ScreenFixtures.certificate(subject: "CN=edge-gw", issuer: "CN=gw01-edge.ca", names: ["DNS:edge-gw"], isCA: false, days: 90)
        expect(.namesChecked(certificate: Self.tls(62, "hostname mismatch", chain: [otherName])), "names-mismatch")
    }

    @Test func device() {
        var empty = WizardScenario.namesChecked()
        empty.press(.pageDown)
        expect(empty, "device-empty")
        var blocked = empty
        blocked.press(.pageDown)
        expect(blocked, "device-blocked")
        expect(.deviceFilled(), "device-filled")
        expect(.deviceAnswered(.failure(StepFailure("IoT Hub answered 401 Unauthorized: the hub-owner key was refused",
                                                    fix: "Copy the iothubowner connection string again from the portal (Shared access policies)."))),
               "device-401")
        expect(.deviceAnswered(.success(ScreenFixtures.registration(parentSet: false))), "device-no-parent")
        expect(.deviceAnswered(.success(ScreenFixtures.registration())), "device-ok")
    }

    @Test func sas() {
        expect(.tokenGenerated(), "sas-ok")
        var revealed = WizardScenario.tokenGenerated()
        revealed.press(.function(2))
        expect(revealed, "sas-revealed")
        expect(.tokenGenerated(lifetime: "3d"), "sas-expiring")
        var expired = WizardScenario.tokenGenerated(lifetime: "1h")
        expired.tick(seconds: 7_200)
        expect(expired, "sas-expired")
    }

    @Test func agent() {
        expect(.agentShown(), "agent-filled")
        expect(.agentShown(), "agent-filled", size: Self.large)
        expect(.agentPushed(.failure(StepFailure("Kepware's Configuration API refused the login (401)",
                                                 fix: "Check the user and password in Kepware's User Manager."))), "agent-push-failed")
        let notConnected = AgentPushOutcome(
            created: false, itemFailures: [], differences: [], connectedLine: nil,
            eventLogProblems: ["MQTT agent 'kepware-line3' failed to connect: Not authorized"])
        expect(.agentPushed(.success(notConnected)), "agent-not-connected")
        expect(.agentPushed(.success(WizardScenario.connected)), "agent-ok")
    }

    @Test func validation() {
        expect(.validationHeldBack(), "validation-held-back")
        var running = WizardScenario.validationStarted()
        running.tick(seconds: 2)
        expect(running, "validation-running")
        expect(.validated(refusedWith: 5), "validation-connack-5")
        var flowing = WizardScenario.validated()
        flowing.kepwareEvents(3)
        flowing.hubEvents(2)
        expect(flowing, "validation-events-flowing")
        expect(flowing, "validation-events-flowing", size: Self.large)
        expect(flowing, "validation-events-flowing-ascii", unicode: false)
    }

    @Test func overlaysAndSummary() {
        var help = WizardScenario.configured()
        help.press(.function(1))
        expect(help, "certificate-help")
        var quit = WizardScenario.configured()
        quit.press(.function(10))
        expect(quit, "certificate-quit-question")
        var summary = WizardScenario.validated()
        summary.kepwareEvents(2)
        summary.press(.pageDown)
        expect(summary, "summary")
        expect(summary, "summary", size: Self.large)
        var filtered = WizardScenario.validated()
        filtered.kepwareEvents(3)
        filtered.press(.function(6))
        filtered.type("source:edgeHub")
        filtered.press(.enter, .function(4))
        expect(filtered, "validation-messages-filtered-paused")
    }
}
