import KepEdgeCore
import Testing

/// Issue 17, item 13: text from servers and logs is shown, never acted on by the terminal.
@Suite struct TerminalTextTests {
    @Test("escape sequences go whole; other controls become spaces", arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("title\u{1B}]0;owned\u{07}after", "titleafter"),
        ("osc-st\u{1B}]8;;http://x\u{1B}\\link", "osc-stlink"),
        ("reset\u{1B}cdone", "resetdone"),
        ("charset\u{1B}(Bok", "charsetok"),
        ("c1\u{9B}2Jcsi", "c1csi"),
        ("line\nbreak\r\ttab\u{7F}del\u{85}nel", "line break  tab del nel"),
        ("plain ünïcödé ✓", "plain ünïcödé ✓"),
        ("© 2026\u{A0}no-break", "© 2026\u{A0}no-break"),
        ("c1 next to latin-1 ©\u{85}x", "c1 next to latin-1 © x"),
        ("trailing\u{1B}", "trailing"),
        ("\u{1B}[", ""),
    ])
    func sanitized(input: String, expected: String) {
        #expect(TerminalText.oneLine(input) == expected)
    }

    @Test("every scalar up to U+3000 and a few beyond: a control one is cleaned, any other comes back as it was")
    func everyScalar() {
        let scalars = (0..<0x3000).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{FFFD}", "\u{1F600}", "\u{10FFFF}"]
        for scalar in scalars {
            let text = "a" + String(scalar) + "b"
            let shown = TerminalText.oneLine(text)
            if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }, "U+\(String(scalar.value, radix: 16))")
                #expect(shown.hasPrefix("a"), "U+\(String(scalar.value, radix: 16))")
            } else {
                #expect(shown == text, "U+\(String(scalar.value, radix: 16))")
                #expect(Array(shown.utf8) == Array(text.utf8), "U+\(String(scalar.value, radix: 16))")
            }
        }
        // A control at either end, and a clean line built from pieces, not a literal.
        #expect(TerminalText.oneLine("\u{80}start") == " start")
        #expect(TerminalText.oneLine("end\u{85}") == "end ")
        #expect(TerminalText.oneLine("end\u{9F}apc string") == "end")
        #expect(TerminalText.oneLine("\u{7F}") == " ")
        let built = ["Client", "kepware-01", "ünï", "©\u{A0}"].joined(separator: " ")
        #expect(TerminalText.oneLine(built) == built)
    }

    @Test("an edgeHub line carrying an escape prints without it in monitor's line")
    func monitorLine() {
        let line = EdgeHubLogLine(parsing: "<6> 2026-11-27 04:00:00.000 +00:00 [INF] - Client \u{1B}]0;pwned\u{07}kepware-01 connected")
        let printed = line.monitorEvent(receivedAt: .init(timeIntervalSince1970: 0)).line
        #expect(!printed.contains("\u{1B}"))
        #expect(!printed.contains("pwned"))
    }
}
