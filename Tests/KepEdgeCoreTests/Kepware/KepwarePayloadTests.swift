import Foundation
import KepEdgeCore
import Testing

@Suite struct KepwarePayloadTests {
    @Test func standardTemplateBecomesRowsWithRepeatedIds() {
        let message = #"{"timestamp":1535488325249,"values":[{"id":"Channel1.Device1.Tag1","v":6978,"q":true,"t":1535488314859},{"id":"Channel1.Device1.Tag1","v":6980,"q":true,"t":1535488315827},{"id":"Channel1.Device1.Tag2","v":"running","q":false,"t":1535488315900},{"id":"Channel1.Device1.Tag3","v":21.5,"q":true,"t":1535488315901}]}"#
        guard case .standard(let timestamp, let rows) = KepwarePayload.decode(Data(message.utf8)) else {
            Issue.record("the standard template must be recognised")
            return
        }
        #expect(timestamp == Date(timeIntervalSince1970: 1_535_488_325.249))
        #expect(rows.count == 4)
        #expect(rows.map(\.tag) == ["Channel1.Device1.Tag1", "Channel1.Device1.Tag1", "Channel1.Device1.Tag2", "Channel1.Device1.Tag3"])
        #expect(rows.map(\.value) == ["6978", "6980", "running", "21.5"])
        #expect(rows.map(\.quality) == [.good, .good, .bad, .good])
        #expect(rows[0].time == Date(timeIntervalSince1970: 1_535_488_314.859))
    }

    @Test func otherShapesAreShownRaw() {
        #expect(KepwarePayload.decode(Data(#"{"temperature": 21}"#.utf8)) == .raw(#"{"temperature": 21}"#))
        #expect(KepwarePayload.decode(Data("hello".utf8)) == .raw("hello"))
        #expect(KepwarePayload.decode(Data()) == .raw("(empty message)"))
        #expect(KepwarePayload.decode(Data(#"{"values":[{"v":1}]}"#.utf8)) == .raw(#"{"values":[{"v":1}]}"#))
        #expect(KepwarePayload.decode(Data("line1\nline2\u{7}".utf8)) == .raw("line1·line2·"))
    }

    @Test func binaryIsAHexPreview() {
        let bytes = Data([0x00, 0xFF, 0x10, 0x80] + Array(repeating: 0x01, count: 40))
        guard case .raw(let text) = KepwarePayload.decode(bytes) else {
            Issue.record("binary must be raw")
            return
        }
        #expect(text.hasPrefix("binary, 44 bytes: 00 ff 10 80 01"))
        #expect(text.hasSuffix(" …"))
    }

    @Test func longTextIsCapped() {
        guard case .raw(let text) = KepwarePayload.decode(Data(String(repeating: "x", count: 5_000).utf8)) else {
            Issue.record("long text must be raw")
            return
        }
        #expect(text.count < KepwarePayload.rawLimit + 40)
        #expect(text.hasSuffix("… (5000 characters)"))
    }

    @Test func hugeNumbersAndOddTimesDoNotBreakRows() {
        let message = #"{"timestamp":1e308,"values":[{"id":"a","v":123456789012345678901234567890,"q":"yes","t":-5},{"id":"b","v":[1,{"x":null}],"q":true},{"id":"c","v":1e400,"q":true,"t":99999999999999999999}]}"#
        let payload = KepwarePayload.decode(Data(message.utf8))
        switch payload {
        case .standard(let timestamp, let rows):
            #expect(timestamp == nil)
            #expect(rows[0].quality == .unknown)
            #expect(rows[0].time == nil)
            #expect(rows[1].value == #"[1,{"x":null}]"#)
            #expect(rows[1].time == nil)
        case .raw(let text):
            // Numbers beyond Double's range may be refused by the JSON reader: then the text is shown as it came.
            #expect(text.hasPrefix(#"{"timestamp":1e308"#))
        }
    }

    @Test func fuzzNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let seed = #"{"timestamp":1535488325249,"values":[{"id":"Channel1.Device1.Tag1","v":6978,"q":true,"t":1535488314859}]}"#
        for length in 0..<seed.utf8.count {
            _ = KepwarePayload.decode(Data(seed.utf8.prefix(length)))
        }
        for _ in 0..<500 {
            let count = Int.random(in: 0...300, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if case .raw(let text) = KepwarePayload.decode(Data(bytes)) {
                #expect(text.count <= KepwarePayload.rawLimit + 40)
                #expect(!text.contains("\n"))
            }
        }
        let nested = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        _ = KepwarePayload.decode(Data(nested.utf8))
        let deepValue = #"{"values":[{"id":"a","v":"# + String(repeating: "{\"a\":", count: 2_000) + "1" + String(repeating: "}", count: 2_000) + "}]}"
        _ = KepwarePayload.decode(Data(deepValue.utf8))
    }
}
