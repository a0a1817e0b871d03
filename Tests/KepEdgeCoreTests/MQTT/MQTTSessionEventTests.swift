import Foundation
import Testing
import KepEdgeCore

/// The lines MQTT session events become in the message pane and `kepedge monitor`.
@Suite struct MQTTSessionEventTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theEndOfASessionSaysWhatHappenedOnce() {
        let line = MQTTSessionEvent.stopped(reason: "disconnected after the test message").monitorEvent(at: now, deviceID: "kepware-01")
        #expect(line.text == "disconnected after the test message")
        #expect(line.source == .probe)
        #expect(line.level == .info)
        #expect(!line.text.contains("stopped"))
    }
}
