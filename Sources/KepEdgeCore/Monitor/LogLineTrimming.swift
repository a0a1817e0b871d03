import Foundation

/// Log lines as the parsers read them: without whitespace or newlines at either end.
enum LogLineTrimming {
    /// Lines come trimmed nearly always, and Foundation's trimming goes through NSString (a few percent of
    /// every line's cost in `kepedge monitor`), so it runs only when an end needs it.
    static func trimmed(_ line: String) -> Substring {
        let needsTrimming = line.first.map { $0.isWhitespace || $0.isNewline } == true
            || line.last.map { $0.isWhitespace || $0.isNewline } == true
        return Substring(needsTrimming ? line.trimmingCharacters(in: .whitespacesAndNewlines) : line)
    }
}
