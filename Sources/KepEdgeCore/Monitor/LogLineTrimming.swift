import Foundation

/// Log lines as the parsers read them: without whitespace or newlines at either end.
enum LogLineTrimming {
    /// Lines come trimmed nearly always, and Foundation's trimming goes through NSString (a few percent of
    /// every line's cost in `kepedge monitor`), so it runs only when an end needs it.
    static func trimmed(_ line: String) -> Substring {
        let scalars = line.unicodeScalars
        let needsTrimming = scalars.first.map(isTrimmed) == true || scalars.last.map(isTrimmed) == true
        return Substring(needsTrimming ? line.trimmingCharacters(in: .whitespacesAndNewlines) : line)
    }

    /// Whether Foundation's trimming removes `scalar` at an end. By scalar, not by Character: the last Character
    /// of `"x\u{600} "` is `"\u{600} "` (a prepended mark joins what follows), which Foundation still trims to `"x\u{600}"`.
    /// And by Foundation's own set, which holds U+200B (zero width space) where `Character.isWhitespace` does not.
    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return CharacterSet.whitespacesAndNewlines.contains(scalar)
    }
}
