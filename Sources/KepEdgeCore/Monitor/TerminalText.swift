/// The one sanitizer for text kepedge did not write (server answers, log lines, event-log messages) before
/// it reaches a terminal: `kepedge monitor`, `check`, `kepware log`, `agent push`/`rotate` and the TUI's
/// message pane. A log line or a Kepware message can hold escape sequences that recolour, retitle or
/// rewrite the screen (or, on some terminals, answer back into the input); shown text must not act.
public enum TerminalText {
    /// `text` as one line that a terminal only displays: escape sequences (CSI `ESC [ … final`, OSC
    /// `ESC ] … BEL|ESC \`, DCS/APC/PM/SOS strings and two-byte `ESC x`) are removed whole, and every other
    /// control character (C0 including newlines and tabs, DEL, C1) becomes a space.
    public static func oneLine(_ text: String) -> String {
        // Nearly every line is already clean: no C0 byte, no DEL, and no 0xC2 (the lead byte of U+0080-U+00BF,
        // where C1 lives). Such text is returned as it is, without rebuilding it scalar by scalar.
        var stored = text
        if stored.withUTF8({ $0.allSatisfy { $0 >= 0x20 && $0 != 0x7F && $0 != 0xC2 } }) { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let held = pending { pending = nil; return held }
            return scalars.next()
        }
        while let scalar = next() {
            switch scalar.value {
            case 0x1B:
                skipEscape(next: next, putBack: { pending = $0 })
            case 0x9B:  // C1 CSI
                skipCSI(next: next)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:  // C1 OSC, DCS, SOS, PM, APC
                skipString(next: next, putBack: { pending = $0 })
            case 0..<0x20, 0x7F..<0xA0:
                result.append(" ")
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// After ESC: the rest of the sequence.
    private static func skipEscape(next: () -> Unicode.Scalar?, putBack: (Unicode.Scalar) -> Void) {
        guard let introducer = next() else { return }
        switch introducer {
        case "[": skipCSI(next: next)
        case "]", "P", "X", "^", "_": skipString(next: next, putBack: putBack)
        default:
            // ESC + one byte (ESC c resets the terminal); ESC ( B and friends take one more.
            if (0x20...0x2F).contains(introducer.value), let final = next(), !(0x30...0x7E).contains(final.value) { putBack(final) }
        }
    }

    /// CSI parameters and intermediates up to the final byte (0x40-0x7E); a stray character ends it too.
    private static func skipCSI(next: () -> Unicode.Scalar?) {
        while let scalar = next() {
            if (0x40...0x7E).contains(scalar.value) || !(0x20...0x3F).contains(scalar.value) { return }
        }
    }

    /// A string sequence up to BEL, ST (ESC \) or C1 ST; an ESC that starts something else is put back.
    private static func skipString(next: () -> Unicode.Scalar?, putBack: (Unicode.Scalar) -> Void) {
        while let scalar = next() {
            if scalar.value == 0x07 || scalar.value == 0x9C { return }
            if scalar.value == 0x1B {
                if let following = next(), following != "\\" { putBack(following) }
                return
            }
        }
    }
}
