import Testing
import KepEdgeTUI

@Suite struct KeyDecoderTests {
    @Test func controlCharactersMapToNamedKeys() {
        #expect(KeyDecoder.decode(.character(9)) == .tab)
        #expect(KeyDecoder.decode(.character(10)) == .enter)
        #expect(KeyDecoder.decode(.character(13)) == .enter)
        #expect(KeyDecoder.decode(.character(27)) == .escape)
    }

    @Test func backspaceArrivesThreeWaysAndIsOneKey() {
        #expect(KeyDecoder.decode(.character(127)) == .backspace)
        #expect(KeyDecoder.decode(.character(8)) == .backspace)  // ^H
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.backspace)) == .backspace)
    }

    @Test func ctrlLettersAreNamedByTheirLetter() {
        #expect(KeyDecoder.decode(.character(12)) == .control("l"))
        #expect(KeyDecoder.decode(.character(14)) == .control("n"))
        #expect(KeyDecoder.decode(.character(16)) == .control("p"))
        #expect(KeyDecoder.decode(.character(21)) == .control("u"))
    }

    @Test func printableAndNonASCIICharactersPassThrough() {
        #expect(KeyDecoder.decode(.character(UInt32(("q" as Unicode.Scalar).value))) == .character("q"))
        #expect(KeyDecoder.decode(.character(0xE9)) == .character("é"))
        #expect(KeyDecoder.decode(.character(0x65E5)) == .character("日"))
    }

    @Test func cursesKeyCodesMapToKeys() {
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.up)) == .up)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.down)) == .down)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.left)) == .left)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.right)) == .right)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.home)) == .home)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.end)) == .end)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.pageUp)) == .pageUp)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.pageDown)) == .pageDown)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.delete)) == .delete)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.backTab)) == .backTab)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.enter)) == .enter)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.resize)) == .resize)
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.function(1))) == .function(1))
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.function(10))) == .function(10))
    }

    @Test func unknownCodesAreDropped() {
        #expect(KeyDecoder.decode(.keyCode(0o777)) == nil)
        #expect(KeyDecoder.decode(.character(0)) == nil)
    }

    @Test func theMouseWheelIsTwoKeysAndClicksAreDropped() {
        // What ncurses hands over after KEY_MOUSE for the SGR reports `ESC [ < 64 ; x ; y M` (up) and `… 65 …` (down).
        #expect(KeyDecoder.decode(.keyCode(CursesKeyCode.mouse)) == nil, "KEY_MOUSE alone is read with getmouse")
        #expect(KeyDecoder.decode(.mouse(CursesMouse.wheelUp)) == .wheelUp)
        #expect(KeyDecoder.decode(.mouse(CursesMouse.wheelDown)) == .wheelDown)
        #expect(KeyDecoder.decode(.mouse(0)) == nil)
    }
}
