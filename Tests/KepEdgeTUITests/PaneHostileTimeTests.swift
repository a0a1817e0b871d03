import Foundation
import KepEdgeCore
import KepEdgeTUI
import Testing

/// Issue 17, item 1: the message pane draws every event it is given; a log's claimed time (any Double)
/// must give a clock, not a trap in `Int(Double)`.
@Suite struct PaneHostileTimeTests {
    @Test("an event of any time becomes a pane line with an hh:mm:ss clock",
          arguments: [1e16, 9.3e18, -9.3e18, 1e300, .infinity, -.infinity, .nan])
    func anyTime(seconds: Double) throws {
        let event = MonitorEvent(time: Date(timeIntervalSince1970: seconds), source: .broker, level: .info, text: "x")
        let message = PaneMessage(event: event, timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        #expect(message.time.count == 8)
        #expect(message.text == "x")
    }
}
