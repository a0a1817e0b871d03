import Foundation
@testable import KepEdgeCore
import Testing

/// The scanner hands back the previous message's tag-name Strings when a message names the same tags
/// (`RecentTagNames`). Messages whose tags change must still read exactly as `JSONDecoder` reads them.
///
/// The remembered names are process-wide and other tests scan in parallel, so a message here may follow
/// another test's message rather than the one before it; every expectation holds whatever came before.
@Suite struct StandardTemplateTagReuseTests {
    /// A standard-template message whose `id`s are written exactly as given (already JSON-escaped).
    private static func message(_ writtenIDs: [String], value: Int = 1) -> String {
        let entries = writtenIDs.enumerated().map { index, id in
            #"{"id":"\#(id)","v":\#(value + index),"q":true,"t":1535488314859}"#
        }
        return #"{"timestamp":1535488325249,"values":[\#(entries.joined(separator: ","))]}"#
    }

    /// Decodes `writtenIDs` as a message and checks it against the decoder, and that the tags read as `expected`.
    private static func expectReadAsDecoder(_ writtenIDs: [String], expected: [String], value: Int = 1,
                                            sourceLocation: SourceLocation = #_sourceLocation) {
        let data = Data(message(writtenIDs, value: value).utf8)
        let decoded = KepwarePayload.decode(data)
        let reference = KepwarePayload.decodeWithJSONDecoder(data)
        #expect(decoded == reference, "\(writtenIDs)", sourceLocation: sourceLocation)
        guard case .standard(_, let rows) = decoded, case .standard(_, let referenceRows) = reference else {
            Issue.record("\(writtenIDs) must be read as the standard template", sourceLocation: sourceLocation)
            return
        }
        // Bytes, not String ==, which calls canonically equivalent spellings (é and e + U+0301) equal.
        #expect(rows.map { Array($0.tag.utf8) } == referenceRows.map { Array($0.tag.utf8) }, "\(writtenIDs)", sourceLocation: sourceLocation)
        #expect(rows.map { Array($0.tag.utf8) } == expected.map { Array($0.utf8) }, sourceLocation: sourceLocation)
        // The scanner itself reads it (not left to the decoder), so the reuse path is the one compared.
        #expect(StandardTemplateScanner.scan(data) != nil, "\(writtenIDs)", sourceLocation: sourceLocation)
    }

    /// Plain names, written as they read.
    private static func expectPlain(_ ids: [String], value: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) {
        expectReadAsDecoder(ids, expected: ids, value: value, sourceLocation: sourceLocation)
    }

    @Test("the same tags again, reordered, fewer and more")
    func changingTagLists() {
        let tags = ["Channel1.Device1.Tag1", "Channel1.Device1.Tag2", "Channel1.Device1.Tag3"]
        Self.expectPlain(tags)
        Self.expectPlain(tags, value: 7)
        Self.expectPlain(tags, value: 8)
        Self.expectPlain(tags.reversed())
        Self.expectPlain([tags[1], tags[0], tags[2]])
        Self.expectPlain(Array(tags.prefix(1)))
        Self.expectPlain(tags + ["Channel1.Device1.Tag4", "Channel1.Device1.Tag5"])
        Self.expectPlain(tags)
        Self.expectPlain([])
        Self.expectPlain(tags)
        Self.expectPlain([tags[0], tags[0], tags[0]])
        Self.expectPlain(tags)
    }

    @Test("one name a prefix of another, either way round")
    func prefixes() {
        let sequences: [[String]] = [["Tag1"], ["Tag10"], ["Tag1"], ["Tag10"], ["Tag10"], ["Tag1", "Tag10"], ["Tag10", "Tag1"],
                                     ["Tag"], ["Tag1"], [""], ["Tag"], ["T"], ["Tag1", "Tag10", "Tag100"], ["Tag100", "Tag10", "Tag1"],
                                     ["Tag1.x"], ["Tag1"], ["Tag1 "], ["Tag1"]]
        for ids in sequences { Self.expectPlain(ids) }
    }

    @Test("escaped names before and after plain ones")
    func escapes() {
        let quoted = #"Tag\"1"#, escapedA = #"T\u0041g"#, backslash = #"Tag\\1"#, newline = #"Tag\n1"#
        let sequence: [([String], [String])] = [
            (["Tag1"], ["Tag1"]),
            ([quoted], ["Tag\"1"]),
            (["Tag1"], ["Tag1"]),
            ([quoted], ["Tag\"1"]),
            ([quoted], ["Tag\"1"]),
            ([escapedA], ["TAg"]),
            (["TAg"], ["TAg"]),
            ([escapedA], ["TAg"]),
            (["Tag"], ["Tag"]),
            ([escapedA, "Tag"], ["TAg", "Tag"]),
            (["Tag", escapedA], ["Tag", "TAg"]),
            ([backslash, newline], ["Tag\\1", "Tag\n1"]),
            (["Tag", "Tag"], ["Tag", "Tag"]),
            ([newline, backslash, quoted], ["Tag\n1", "Tag\\1", "Tag\"1"]),
            ([""], [""]),
            ([quoted, ""], ["Tag\"1", ""]),
            (["", ""], ["", ""]),
            (["Tag", ""], ["Tag", ""]),
            (["", "Tag"], ["", "Tag"]),
        ]
        for (written, expected) in sequence { Self.expectReadAsDecoder(written, expected: expected) }
    }

    @Test("non-ASCII names, as bytes and as escapes")
    func nonASCII() {
        let sequence: [([String], [String])] = [
            (["Température", "Gerät"], ["Température", "Gerät"]),
            (["Température", "Gerät"], ["Température", "Gerät"]),
            (["Tempe\u{301}rature", "Gerät"], ["Tempe\u{301}rature", "Gerät"]),  // the same text, other bytes
            (["Température", "Gerät"], ["Température", "Gerät"]),
            ([#"Temp\u00e9rature"#, "Ger\u{E4}t"], ["Température", "Gerät"]),
            (["Température", "Gerä"], ["Température", "Gerä"]),
            (["😀", "日本"], ["😀", "日本"]),
            ([#"\ud83d\ude00"#, "日本語"], ["😀", "日本語"]),
            (["😀", "日本"], ["😀", "日本"]),
        ]
        for (written, expected) in sequence { Self.expectReadAsDecoder(written, expected: expected) }
    }

    @Test("every cut of a message right after one with the same names reads as the decoder reads it")
    func truncatedAfterSameNames() {
        let whole = Self.message(["Channel1.Device1.Tag1", "Tag10"])
        for length in 0...whole.utf8.count {
            Self.expectPlain(["Channel1.Device1.Tag1", "Tag10"])
            let data = Data(whole.utf8.prefix(length))
            #expect(KepwarePayload.decode(data) == KepwarePayload.decodeWithJSONDecoder(data), "cut at \(length)")
        }
    }

    @Test("a seeded random run of tag lists drawn from names that share prefixes")
    func randomTagLists() {
        var random = SplitMix64(seed: 1_202)
        let written = ["Tag1", "Tag10", "Tag", "", #"Tag\"1"#, #"T\u0041g"#, "Gerät", "Ger", "😀", "Channel1.Device1.Tag1", "Tag1 "]
        let read = ["Tag1", "Tag10", "Tag", "", "Tag\"1", "TAg", "Gerät", "Ger", "😀", "Channel1.Device1.Tag1", "Tag1 "]
        var previous: [Int] = []
        for step in 0..<400 {
            // Half the time the previous list with one change, so names are mostly reused.
            var picks = previous
            if picks.isEmpty || random.next() % 2 == 0 {
                picks = (0..<Int(random.next() % 6)).map { _ in Int(random.next() % UInt64(written.count)) }
            } else {
                let place = Int(random.next() % UInt64(picks.count))
                switch random.next() % 3 {
                case 0: picks[place] = Int(random.next() % UInt64(written.count))
                case 1: picks.remove(at: place)
                default: picks.append(Int(random.next() % UInt64(written.count)))
                }
            }
            Self.expectReadAsDecoder(picks.map { written[$0] }, expected: picks.map { read[$0] }, value: step)
            previous = picks
        }
    }
}
