import Foundation
import Testing
import KepEdgeCore
@testable import KepEdgeTUI

/// The connection pane's rows fit its 14 value columns (a 28-column pane), so no verdict is cut.
@Suite struct ConnectionRowsTests {
    /// The value columns of a 28-column pane whose longest label is `CONNACK`.
    static let valueColumns = 14
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func certificate(subject: String, daysLeft: Double) -> CertificateSummary {
        CertificateSummary(subject: subject, issuer: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", subjectAlternativeNames: [],
                           notBefore: now.addingTimeInterval(-86_400), notAfter: now.addingTimeInterval(daysLeft * 86_400),
                           isCA: false, sha1Fingerprint: "", sha256Fingerprint: "")
    }

    @Test func aSASTokenWithAMonthLeftReadsCompactly() {
        let rows = ConnectionRows.sas(now.addingTimeInterval(29 * 86_400 + 23 * 3_600 + 59), now: now)
        #expect(rows.map(\.value) == ["29d 23h left"])
        #expect(ConnectionRows.sas(now.addingTimeInterval(-3_600), now: now).map(\.value) == ["expired 1h"])
        #expect(ConnectionRows.sas(now.addingTimeInterval(-(400 * 86_400 + 3_600)), now: now).map(\.value) == ["expired 1y 35d"])
    }

    @Test func theChainCountsCertsInThePluralAndTheNameIsTheCommonNameAlone() {
        let leaf = certificate(subject: "CN=localhost, O=kepedge lab", daysLeft: 364.5)
        let chain = [leaf] + (0..<3).map { _ in certificate(subject: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", daysLeft: 364.5) }
        let report = TLSProbeReport(request: TLSProbeRequest(host: "localhost"), verifyCode: 0, verifyText: "ok",
                                    protocolVersion: "TLSv1.3", servedChain: chain)
        let rows = ConnectionRows.tls(report, now: now)
        #expect(rows.first { $0.label == "Chain" }?.value == "4 certs")
        #expect(!rows.contains { $0.label == "Name" }, "the leaf's name is the host's: the Host row says it")
        let other = TLSProbeReport(request: TLSProbeRequest(host: "localhost"), verifyCode: 62, servedChain: [
            certificate(subject: "CN=localhost.plant.local", daysLeft: 364.5)])
        #expect(ConnectionRows.tls(other, now: now).first { $0.label == "Name" }?.value == "localhost.plant.local")
        #expect(rows.first { $0.label == "Cert" }?.value == "364d left")
        for row in rows + ConnectionRows.sas(now.addingTimeInterval(29 * 86_400 + 23 * 3_600), now: now) {
            #expect(DisplayWidth.of(row.value) <= Self.valueColumns, "\(row.label) \(row.value) is cut in the pane")
        }
        let single = TLSProbeReport(request: TLSProbeRequest(host: "localhost"), verifyCode: 0, servedChain: [leaf])
        #expect(ConnectionRows.tls(single, now: now).first { $0.label == "Chain" }?.value == "1 cert")
        let expired = TLSProbeReport(request: TLSProbeRequest(host: "localhost"), verifyCode: 10,
                                     servedChain: [certificate(subject: "CN=localhost", daysLeft: -2.5)])
        #expect(ConnectionRows.tls(expired, now: now).first { $0.label == "Cert" }?.value == "expired 3d")
    }

    @Test func theFlowRowFitsAndItsColourFollowsTheFlow() {
        func flow(received: Double, sent: Double, queue: (Double, Double) = (0, 0)) -> EdgeHubFlow {
            EdgeHubFlow(from: EdgeHubDeviceCounters(device: "d", time: now, instanceNumber: "a", upstreamQueue: queue.0),
                        to: EdgeHubDeviceCounters(device: "d", time: now.addingTimeInterval(5), instanceNumber: "a",
                                                  received: received, sentUpstream: sent, upstreamQueue: queue.1))
        }
        #expect(ConnectionRows.flow(nil).isEmpty)
        let cases: [(EdgeHubFlow, String, RowStatus)] = [
            (flow(received: 12, sent: 12), "12 in / 12 up", .ok),
            (flow(received: 0, sent: 0), "0 in / 0 up", .warning),
            (flow(received: 12, sent: 0), "12 in / 0 up", .error),
            (flow(received: 20, sent: 10, queue: (0, 10)), "20 in / 10 up", .warning),
            (flow(received: 12_345, sent: 12_000), "12k in/12k up", .ok),
        ]
        for (flow, text, status) in cases {
            let row = ConnectionRows.flow(flow)
            #expect(row.map(\.label) == ["Flow"])
            #expect(row.first?.value == text)
            #expect(row.first?.status == status)
        }
        #expect(DisplayWidth.of(ConnectionRows.flow(flow(received: 999, sent: 999)).first?.value ?? "") <= Self.valueColumns)
    }
}
