import Foundation
import Testing
@testable import KepEdgeCore

/// Broker lines caused by kepedge's own connections are labelled as its probe, at info weight.
@Suite struct OwnProbeWindowsTests {
    private let start = Date(timeIntervalSince1970: 1_790_000_000.4)

    /// The line as the lab's broker log yields it (mosquitto's whole-second time).
    private func broker(_ line: String, at seconds: Int) -> MonitorEvent {
        MosquittoLogLine(parsing: "\(seconds): \(line)").monitorEvent(receivedAt: start)
    }

    @Test func theBrokersLinesAboutAPortCheckAreInfoAndSaySo() {
        var windows = OwnProbeWindows()
        let id = windows.begin(at: start)
        windows.end(id, at: start.addingTimeInterval(0.01))
        let failed = broker("Client connection from 127.0.0.1 failed: error:0A000126:SSL routines::unexpected eof while reading.",
                            at: 1_790_000_000)
        #expect(failed.level == .error, "unlabelled, the broker's line is an error")
        let labelled = windows.label(failed)
        #expect(labelled.level == .info)
        #expect(labelled.classification == nil)
        #expect(labelled.text == "kepedge probe: Client connection from 127.0.0.1 failed: error:0A000126:SSL routines::unexpected eof while reading.")
    }

    @Test func aTLSProbesAlertAndItsEndAreLabelledWhileItRuns() {
        var windows = OwnProbeWindows()
        _ = windows.begin(at: start)  // still running
        for line in ["New connection from 127.0.0.1:52614 on port 8883.",
                     "OpenSSL Error[0]: error:0A000418:SSL routines::tlsv1 alert unknown ca",
                     "Client <unknown> disconnected: Protocol error."] {
            let event = broker(line, at: 1_790_000_003)
            #expect(windows.isOwn(event), "\(line)")
            #expect(windows.label(event).level == .info)
        }
    }

    @Test func linesThatNameAClientOrFallOutsideEveryWindowStayAsTheyAre() {
        var windows = OwnProbeWindows()
        let id = windows.begin(at: start)
        windows.end(id, at: start.addingTimeInterval(0.5))
        // Kepware's own connection, during the probe: it names its client.
        let kepware = broker("Client kepware-lab-01 disconnected, not authorised.", at: 1_790_000_000)
        #expect(windows.label(kepware) == kepware)
        // A TLS failure well after the probe ended: Kepware's, not kepedge's.
        let later = broker("OpenSSL Error[0]: error:0A000418:SSL routines::tlsv1 alert unknown ca", at: 1_790_000_010)
        #expect(windows.label(later) == later)
        #expect(later.level == .error)
        // Before any probe.
        #expect(!OwnProbeWindows().isOwn(broker("Client connection from 127.0.0.1 failed: error:0A000126.", at: 1_790_000_000)))
        // Only the broker's log: edgeHub's lines are its own.
        let edgeHub = MonitorEvent(time: start, source: .edgeHub, level: .error, text: "Client connection from 127.0.0.1 failed")
        #expect(!windows.isOwn(edgeHub))
    }

    @Test func onlyTheNewestWindowsAreKept() {
        var windows = OwnProbeWindows()
        for index in 0..<40 {
            let id = windows.begin(at: start.addingTimeInterval(Double(index)))
            windows.end(id, at: start.addingTimeInterval(Double(index) + 0.1))
        }
        #expect(windows.windows.count == OwnProbeWindows.kept)
    }
}
