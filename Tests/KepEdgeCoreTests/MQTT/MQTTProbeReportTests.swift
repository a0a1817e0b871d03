import Foundation
import KepEdgeCore
import Testing

@Suite("MQTT probe report verdicts")
struct MQTTProbeReportTests {
    static let context = ConnackContext(clientID: "kepware-01", username: "h.azure-devices.net/kepware-01/?api-version=1", hasPassword: true, token: nil)

    @Test("accepted and acknowledged: two ok checks with the times")
    func allGood() {
        var report = MQTTProbeReport()
        report.outcome = .accepted
        report.connectMilliseconds = 12.4
        report.publish = .acknowledged(topic: "devices/kepware-01/messages/events/", milliseconds: 3.2)
        let checks = report.checkResults
        #expect(checks.map(\.id) == ["mqtt-connect", "mqtt-publish"])
        #expect(checks.map(\.status) == [.ok, .ok])
        #expect(checks[0].details == ["CONNACK 0 (accepted) in 12 ms"])
        #expect(checks[1].details == ["PUBACK on devices/kepware-01/messages/events/ after 3 ms"])
    }

    @Test("a refusal carries the code, the ranked causes and the first fix; publishing is skipped")
    func refused() {
        var report = MQTTProbeReport()
        report.outcome = .refused
        report.connack = ConnackDiagnosis.diagnose(code: 3, context: ConnackContext(clientID: "kepware-01", username: "h/kepware-01", hasPassword: true, token: nil), now: Date())
        let checks = report.checkResults
        #expect(checks[0].status == .error)
        #expect(checks[0].details.first?.hasPrefix("CONNACK 3 (server unavailable)") == true)
        #expect(checks[0].details[1].hasPrefix("seen: The username has no api-version"))
        #expect(checks[0].fix?.contains("api-version=") == true)
        #expect(checks[1].status == .skipped)
    }

    @Test("a TLS failure is reported as TLS, with no CONNACK in the details")
    func tls() {
        var report = MQTTProbeReport()
        report.outcome = .tlsFailed
        report.failureDetail = "certificate verify failed"
        let check = report.checkResults[0]
        #expect(check.status == .error)
        #expect(check.details == ["TLS handshake failed before any CONNACK: certificate verify failed"])
        #expect(!check.details.joined().contains("CONNACK 5"))
    }
}
