@testable import KepEdgeCore
import Testing

/// The pane's value lines and `kepedge monitor`'s message summaries are built by `UTF8TextBuilder`: it must give
/// the text that joining the same pieces as Strings gives.
@Suite struct UTF8TextBuilderTests {
    @Test("numbers read as String(number) does, from Int.min to Int.max", arguments: [
        0, 1, -1, 9, 10, -10, 99, 100, 12_345, -9_876_543, 1_000_000_007, Int.max, Int.min, Int.max - 1, Int.min + 1,
    ])
    func numbers(number: Int) {
        var text = UTF8TextBuilder(capacity: 0)
        text.append(number)
        #expect(text.text == String(number))
        // After other text the digits still come out in order, not reversed with what came before.
        var after = UTF8TextBuilder(capacity: 4)
        after.append("n=")
        after.append(number)
        after.append(";")
        #expect(after.text == "n=\(number);")
    }

    @Test("strings, substrings, literals and padding join as String concatenation does, non-ASCII included")
    func pieces() {
        let tag = "Channel1.Gerät1.Température"
        let line = "devices/kepware-01/messages/events/ünï ✓ 😀 日本"
        let substring = line.dropFirst(8).prefix(10)
        var text = UTF8TextBuilder(capacity: 2)  // smaller than the text: the buffer grows
        text.append(tag)
        text.append(" = ")
        text.append(substring)
        text.append(repeating: UInt8(ascii: " "), count: 3)
        text.append(repeating: UInt8(ascii: "x"), count: 0)
        text.append(repeating: UInt8(ascii: "x"), count: -2)
        text.append(line[line.firstIndex(of: "ü")!...])
        text.append("")
        text.append(Substring(""))
        text.append(-42)
        #expect(text.text == tag + " = " + substring + "   " + line[line.firstIndex(of: "ü")!...] + "-42")
        #expect(UTF8TextBuilder(capacity: 16).text == "")
    }

    @Test("static strings, one-scalar ones (stored as a scalar, not bytes) included")
    func staticStrings() {
        let pieces: [StaticString] = ["=", "ü", "😀", " (+", "Température ✓", ""]
        var text = UTF8TextBuilder(capacity: 0)
        for piece in pieces { text.append(piece) }
        #expect(text.text == pieces.map { $0.description }.joined())
        #expect(text.text == "=ü😀 (+Température ✓")
    }

    @Test("a bridged or non-contiguous string is copied whole")
    func foreignStrings() {
        // A String built from scalars, and a substring of it starting mid-string.
        var scalars = String.UnicodeScalarView()
        for scalar in "Température ✓ 😀".unicodeScalars { scalars.append(scalar) }
        let built = String(scalars)
        var text = UTF8TextBuilder(capacity: 0)
        text.append(built)
        text.append(built.dropFirst(3))
        #expect(text.text == built + built.dropFirst(3))
    }
}
