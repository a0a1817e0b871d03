import Foundation
import KepEdgeCore
import Testing

/// Issue 19: `MonitorEvent.line` is built by arithmetic and appending (no Calendar, no `String(format:)` per
/// line); it must print exactly what the calendar-based line printed.
@Suite struct MonitorEventLineTests {
    /// The line as it was built before: a Gregorian UTC calendar, `String(format:)` and `padding`.
    static func reference(_ event: MonitorEvent) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let date = MonitorEvent.printable(event.time)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let time = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year!, parts.month!, parts.day!,
                          parts.hour!, parts.minute!, parts.second!, (milliseconds + 1000) % 1000)
        let source = event.source.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let level = event.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        var text = TerminalText.oneLine(event.text)
        if let classification = event.classification {
            text += " [\(classification.rawValue)]"
            if level != "info   ", let fix = classification.fix { text += " Fix: \(fix)" }
        }
        return "\(time) \(source) \(level) \(text)"
    }

    @Test("the same line as the calendar gave, for times from year 1 to 9999, every source, level and classification")
    func sameAsCalendar() {
        var generator = SystemRandomNumberGenerator()
        var times: [Double] = [0, -0.001, 0.999, 1.9999999, 86_399.9995, 951_782_400, 1_795_744_348.123,
                               -62_135_596_800, 253_402_300_799.999, -12_219_292_800, -12_219_292_801]
        for _ in 0..<2_000 { times.append(Double.random(in: -62_135_596_800...253_402_300_799, using: &generator)) }
        for _ in 0..<2_000 { times.append(Double(Int.random(in: 0...4_102_444_800, using: &generator)) + Double(Int.random(in: 0..<1000)) / 1000) }
        let classifications: [LogClassification?] = [nil] + LogClassification.allCases
        for (index, seconds) in times.enumerated() {
            let event = MonitorEvent(
                time: Date(timeIntervalSince1970: seconds),
                source: MonitorEvent.Source.allCases[index % MonitorEvent.Source.allCases.count],
                level: MonitorEvent.Level.allCases[index % 3],
                text: index % 5 == 0 ? "line\nwith\u{1B}[31m controls" : "devices/kepware-01/messages/events/: 8 values",
                classification: classifications[index % classifications.count])
            #expect(event.line == Self.reference(event), "time \(seconds)")
        }
    }
}
