import Foundation
import KepEdgeCore
import Testing

/// `kepedge monitor --json` writes each record by hand; scripts read it as the `JSONEncoder` output it replaced.
@Suite struct MonitorEventJSONLineTests {
    /// The encoder `kepedge monitor --json` used before `jsonLine`: its output is the documented format.
    private static func encoderLine(_ record: MonitorEventRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(record)
    }

    private func expectSameObject(_ event: MonitorEvent, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let record = MonitorEventRecord(event)
        let line = record.jsonLine
        #expect(!line.contains("\n") && !line.contains("\r"), "one event is one line", sourceLocation: sourceLocation)
        let expected = try #require(try JSONSerialization.jsonObject(with: Self.encoderLine(record)) as? NSDictionary)
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary, "\(line)")
        #expect(actual == expected, "\(line)", sourceLocation: sourceLocation)
    }

    @Test func aPlainEventIsCompactWithSortedKeys() {
        let event = MonitorEvent(time: Date(timeIntervalSince1970: 1_795_744_408.5), source: .kepware, level: .info, text: "hi")
        #expect(MonitorEventRecord(event).jsonLine == #"{"level":"info","source":"kepware","text":"hi","time":"2026-11-27T01:53:28Z"}"#)
    }

    @Test func eventsWithRowsAndClassificationsMatchTheEncoder() throws {
        let time = Date(timeIntervalSince1970: 1_795_744_408.123)
        let rows = [
            KepwarePayloadRow(tag: "Channel1.Device1.Tag1", value: "6978", quality: .good, time: Date(timeIntervalSince1970: 1_535_488_314.859)),
            KepwarePayloadRow(tag: "Channel1.Device1.Tag2", value: "running", quality: .bad, time: nil),
            KepwarePayloadRow(tag: "Kanal ü/Tag\"3\"", value: #"[1,{"x":null}]"#, quality: .unknown, time: Date(timeIntervalSince1970: 0)),
        ]
        try expectSameObject(MonitorEvent(time: time, source: .kepware, level: .info, text: "devices/kepware-01/messages/events/: 3 values",
                                          deviceID: "kepware-01", rows: rows))
        try expectSameObject(MonitorEvent(time: time, source: .kepware, level: .info, text: "empty", rows: []))
        for (index, classification) in LogClassification.allCases.enumerated() {
            let level = MonitorEvent.Level.allCases[index % MonitorEvent.Level.allCases.count]
            let source = MonitorEvent.Source.allCases[index % MonitorEvent.Source.allCases.count]
            try expectSameObject(MonitorEvent(time: time, source: source, level: level, text: "line \(index)", deviceID: index % 2 == 0 ? nil : "dev",
                                              classification: classification))
        }
    }

    @Test func oddCharactersAreEscapedAsTheEncoderReadsThem() throws {
        let controls = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        let odd = "quote\" backslash\\ slash/ \(controls) del\u{7F} é 😀 e\u{301} \u{2028}\u{2029} \u{FEFF}\u{FFFE} </script>"
        try expectSameObject(MonitorEvent(time: Date(), source: .edgeHub, level: .error, text: odd, deviceID: odd,
                                          classification: .tokenExpired, rows: [KepwarePayloadRow(tag: odd, value: odd, quality: .good, time: nil)]))
        try expectSameObject(MonitorEvent(time: Date(), source: .broker, level: .warning, text: ""))
    }

    @Test func timesAreWholeSecondsUTCAsTheEncoderWritesThem() throws {
        var random = SplitMix64(seed: 1_795_744_408)
        var seconds: [Double] = [0, 0.999_999, 59.999, 86_399.9999, 951_782_400, 978_307_199.999_999_9, 978_307_200, 978_307_200.999_999_9,
                                 1_535_488_314.859, 4_107_542_400, 253_402_300_799.999, Date().timeIntervalSince1970,
                                 // Outside 1970–9999: written by JSONEncoder itself.
                                 -0.5, -86_400 * 365.25 * 100, 253_402_300_800, 300_000_000_000]
        for _ in 0..<300 {
            seconds.append(Double(random.next() % 253_402_300_800_000) / 1000)
            seconds.append(Double(random.next() % 253_402_300_800) - Double(random.next() % 1000) / 1e9)
        }
        for value in seconds {
            let time = Date(timeIntervalSince1970: value)
            try expectSameObject(MonitorEvent(time: time, source: .kepware, level: .info, text: "t",
                                              rows: [KepwarePayloadRow(tag: "a", value: "1", quality: .good, time: time)]))
        }
    }
}
