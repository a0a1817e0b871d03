import Testing
import KepEdgeTUI

@Suite struct TerminalCapabilitiesTests {
    @Test func utf8LocaleOnAModernTerminalGetsUnicodeAndColours() {
        let caps = TerminalCapabilities.detect(environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"])
        #expect(caps.unicode)
        #expect(caps.colors == .extended256)
        #expect(caps.glyphs == .unicode)
    }

    @Test func linuxConsoleAndVT100GetAscii() {
        #expect(!TerminalCapabilities.detect(environment: ["LANG": "en_US.UTF-8", "TERM": "linux"]).unicode)
        #expect(!TerminalCapabilities.detect(environment: ["LANG": "en_US.UTF-8", "TERM": "vt100"]).unicode)
        #expect(TerminalCapabilities.detect(environment: ["LANG": "en_US.UTF-8", "TERM": "linux"]).colors == .basic)
        #expect(TerminalCapabilities.detect(environment: ["LANG": "en_US.UTF-8", "TERM": "vt100"]).colors == .none)
    }

    @Test func nonUTF8LocaleGetsAscii() {
        #expect(!TerminalCapabilities.detect(environment: ["LANG": "C", "TERM": "xterm"]).unicode)
        #expect(!TerminalCapabilities.detect(environment: ["LANG": "de_DE.ISO-8859-1", "TERM": "xterm"]).unicode)
        #expect(!TerminalCapabilities.detect(environment: ["TERM": "xterm"]).unicode)
    }

    @Test func lcAllWinsOverLcCtypeWhichWinsOverLang() {
        #expect(!TerminalCapabilities.detect(environment: ["LC_ALL": "C", "LANG": "C.UTF-8", "TERM": "xterm"]).unicode)
        #expect(TerminalCapabilities.detect(environment: ["LC_CTYPE": "en_GB.utf8", "LANG": "C", "TERM": "xterm"]).unicode)
        // An empty LC_ALL does not count as set.
        #expect(TerminalCapabilities.detect(environment: ["LC_ALL": "", "LANG": "C.UTF-8", "TERM": "xterm"]).unicode)
    }

    @Test func noColorTurnsColourOffButAnEmptyValueDoesNot() {
        #expect(TerminalCapabilities.detect(environment: ["NO_COLOR": "1", "TERM": "xterm-256color"]).colors == .none)
        #expect(TerminalCapabilities.detect(environment: ["NO_COLOR": "", "TERM": "xterm-256color"]).colors == .extended256)
    }

    @Test func cursesSayingNoColoursWins() {
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm"], terminalHasColors: false).colors == .none)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "wyse50"], terminalHasColors: true).colors == .basic)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "dumb"], terminalHasColors: nil).colors == .none)
    }
}
