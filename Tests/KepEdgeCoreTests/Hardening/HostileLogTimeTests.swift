import Foundation
import KepEdgeCore
import Testing

/// Issue 17, item 1: a log line may claim any time. `kepedge monitor --broker-log F` and the message pane
/// print every line they read, so no claimed time may trap while it is printed.
@Suite struct HostileLogTimeTests {
    @Test("a mosquitto time past 9999 is not taken as the line's time; the line is kept whole and prints",
          arguments: ["10000000000000000: x", "9223372036854775807: x", "253402300800: x"])
    func hugeMosquittoTime(line: String) {
        let parsed = MosquittoLogLine(parsing: line)
        #expect(parsed.time == nil)
        #expect(parsed.message == line)
        let received = Date(timeIntervalSince1970: 1_795_744_348)
        let event = parsed.monitorEvent(receivedAt: received)
        #expect(event.line.hasPrefix("2026-11-27T01:52:28.000Z "))
        #expect(event.line.hasSuffix(line))
    }

    @Test("the last second of 9999 is still a mosquitto time")
    func lastSecondOf9999() {
        let parsed = MosquittoLogLine(parsing: "253402300799: x")
        #expect(parsed.time == Date(timeIntervalSince1970: 253_402_300_799))
        #expect(parsed.monitorEvent(receivedAt: Date()).line.hasPrefix("9999-12-31T23:59:59.000Z "))
    }

    @Test("an event of any time prints, clamped to years 0001-9999",
          arguments: [1e16, 9.3e18, -1e300, .infinity, -.infinity, .nan, 1e300])
    func anyEventTimePrints(seconds: Double) {
        let event = MonitorEvent(time: Date(timeIntervalSince1970: seconds), source: .broker, level: .info, text: "x")
        let line = event.line
        #expect(line.hasSuffix(" x"))
        let year = Int(line.prefix(4)) ?? -1
        #expect((1...9999).contains(year) || seconds.isNaN)
    }
}
