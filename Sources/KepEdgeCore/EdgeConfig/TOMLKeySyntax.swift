/// Checks the keys of a TOML document (table headers and the keys of top-level key/value lines) before
/// toml++ sees it.
///
/// Why: toml++ (inside TOMLKit) asserts instead of reporting some malformed keys: `[: x` makes
/// `parser::parse_key()` fail `is_bare_key_character(*cp) || is_string_delimiter(*cp)` and abort the whole
/// process with a stack trace (found by the edge-config fuzz target; FUZZING.md). The grammar checked here is
/// TOML's own (toml.io v1.0.0, "Keys" and "Table"), so no valid config is refused: a key is bare
/// (`A-Za-z0-9_-`), basic (`"…"`) or literal (`'…'`), dotted keys are keys joined by `.`, and a header
/// closes with `]` or `]]`. Values are only skipped over (strings, comments, brackets), never judged.
public enum TOMLKeySyntax {
    public struct Problem: Equatable, Sendable {
        public var line: Int
        public var message: String
    }

    /// The first key that breaks TOML's grammar, nil when every key is well formed.
    public static func firstProblem(in text: String) -> Problem? {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // a byte-order mark, as Windows editors write it
        var scanner = Scanner(scalars)
        return scanner.run()
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        var index = 0
        var line = 1
        /// Open `[` and `{` of the value being read (a line inside a multi-line array is no header).
        var depth = 0
        var atLineStart = true

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        var current: Unicode.Scalar? { index < chars.count ? chars[index] : nil }
        func peek(_ offset: Int) -> Unicode.Scalar? { index + offset < chars.count ? chars[index + offset] : nil }

        mutating func run() -> Problem? {
            while let char = current {
                switch char {
                case "\n":
                    line += 1
                    atLineStart = true
                    index += 1
                case " ", "\t", "\r":
                    index += 1
                case "#":
                    skipToLineEnd()
                case "[" where atLineStart && depth == 0:
                    if let problem = header() { return problem }
                case _ where atLineStart && depth == 0:
                    if let problem = keyBeforeEquals() { return problem }
                    atLineStart = false
                case "\"", "'":
                    skipString()
                    atLineStart = false
                case "[", "{":
                    depth += 1
                    index += 1
                case "]", "}":
                    depth = max(0, depth - 1)
                    index += 1
                default:
                    atLineStart = false
                    index += 1
                }
            }
            return nil
        }

        /// `[key.key]` or `[[key.key]]`, then only a comment on the line.
        mutating func header() -> Problem? {
            index += 1
            let arrayOfTables = current == "["
            if arrayOfTables { index += 1 }
            if let problem = dottedKey(what: "a table header") { return problem }
            guard current == "]", !arrayOfTables || peek(1) == "]" else {
                return Problem(line: line, message: "a table header must close with \(arrayOfTables ? "]]" : "]") after its key")
            }
            index += arrayOfTables ? 2 : 1
            skipBlanks()
            guard current == nil || current == "\n" || current == "\r" || current == "#" else {
                return Problem(line: line, message: "only a comment may follow a table header on its line")
            }
            atLineStart = false
            return nil
        }

        /// A top-level line's key, up to its `=`.
        mutating func keyBeforeEquals() -> Problem? {
            guard let char = current, isBareKey(char) || char == "\"" || char == "'" else {
                return Problem(line: line, message: "a line must start with a key, a table header or a comment")
            }
            if let problem = dottedKey(what: "a key") { return problem }
            guard current == "=" else { return Problem(line: line, message: "a key must be followed by =") }
            index += 1
            return nil
        }

        /// Keys joined by dots, blanks allowed around each; stops at the first character after the last key.
        mutating func dottedKey(what: String) -> Problem? {
            while true {
                skipBlanks()
                guard let char = current else { return Problem(line: line, message: "\(what) ends before its key") }
                if isBareKey(char) {
                    while let next = current, isBareKey(next) { index += 1 }
                } else if char == "\"" || char == "'" {
                    guard skipSingleLineString() else { return Problem(line: line, message: "a quoted key in \(what) is not closed on its line") }
                } else {
                    return Problem(line: line, message: "\(what) needs a key: letters, digits, _ or -, or a quoted key")
                }
                skipBlanks()
                guard current == "." else { return nil }
                index += 1
            }
        }

        /// A string value: basic or literal, single- or multi-line (newlines inside are counted).
        mutating func skipString() {
            guard let quote = current else { return }
            if peek(1) == quote, peek(2) == quote {
                index += 3
                while let char = current {
                    if char == "\\", quote == "\"" {
                        if peek(1) == "\n" { line += 1 }  // a line-ending backslash
                        index += 2
                        continue
                    }
                    if char == "\n" { line += 1 }
                    if char == quote, peek(1) == quote, peek(2) == quote {
                        index += 3
                        // A closing run may hold up to two more quotes of the content ("""a"""").
                        while current == quote { index += 1 }
                        return
                    }
                    index += 1
                }
                return
            }
            _ = skipSingleLineString()
        }

        /// `"…"` (with escapes) or `'…'` on one line; false when the line ends first.
        mutating func skipSingleLineString() -> Bool {
            guard let quote = current else { return false }
            index += 1
            while let char = current, char != "\n" {
                if char == "\\", quote == "\"" { index += 2; continue }
                index += 1
                if char == quote { return true }
            }
            return false
        }

        mutating func skipBlanks() {
            while current == " " || current == "\t" { index += 1 }
        }

        mutating func skipToLineEnd() {
            while let char = current, char != "\n" { index += 1 }
        }

        func isBareKey(_ char: Unicode.Scalar) -> Bool {
            ("A"..."Z").contains(char) || ("a"..."z").contains(char) || ("0"..."9").contains(char) || char == "_" || char == "-"
        }
    }
}
