import Foundation
import KepEdgeCore
@testable import KepEdgeProbes
import Testing

/// A `N events not shown` notice can itself be pushed out of the monitor's buffer; its count is read back so
/// the events it counted are reported again instead of vanishing (the broker benchmark's "unaccounted").
@Suite struct DroppedNoticeTests {
    @Test func aNoticeCarriesItsCountAndNothingElseDoes() {
        #expect(MQTTSession.droppedCount(in: MQTTSession.droppedEvent(1, deviceID: nil)) == 1)
        #expect(MQTTSession.droppedCount(in: MQTTSession.droppedEvent(158_314, deviceID: "kepware-01")) == 158_314)
        let notice = MQTTSession.droppedEvent(7, deviceID: nil)
        #expect(MQTTSession.droppedCount(in: MonitorEvent(time: Date(), source: .kepware, level: .info, text: notice.text)) == nil,
                "a Kepware message that happens to read like a notice is a message")
        #expect(MQTTSession.droppedCount(in: MonitorEvent(time: Date(), source: .probe, level: .warning, text: "disconnected: 7 events")) == nil)
    }
}
