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
        /// Open `[` and `{` of the value being read, innermost last (a line inside a multi-line array is no header).
        var open: [Unicode.Scalar] = []
        var depth: Int { open.count }
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
                    open.append(char)
                    index += 1
                case "]", "}":
                    // toml++ asserts in parse_value() on a `}` inside an array (the fuzzer's third TOML finding).
                    if let innermost = open.last, innermost != (char == "]" ? "[" : "{") {
                        return Problem(line: line, message: "\(char == "]" ? "]" : "}") closes a \(innermost == "[" ? "[ array" : "{ inline table") that is still open")
                    }
                    if !open.isEmpty { open.removeLast() }
                    index += 1
                case "0"..."9":
                    atLineStart = false
                    if let problem = numberOrDate() { return problem }
                default:
                    atLineStart = false
                    index += 1
                }
            }
            return nil
        }

        /// A value starting with a digit. Dates and times must be whole: toml++ decides "date" from the first
        /// digits and then asserts on the rest (`parse_time()`: `is_decimal_digit(*cp)` on `1979-05-27T` and a
        /// non-digit, found by the edge-config fuzz target). Other numbers are left to toml++, which reports them.
        mutating func numberOrDate() -> Problem? {
            var token: [Unicode.Scalar] = []
            func isTokenCharacter(_ char: Unicode.Scalar) -> Bool {
                ("0"..."9").contains(char) || ("A"..."Z").contains(char) || ("a"..."z").contains(char) || "_:.+-".unicodeScalars.contains(char)
            }
            while let char = current, isTokenCharacter(char) {
                token.append(char)
                index += 1
                // A date and a time may be separated by one space (TOML's "1979-05-27 07:32:00").
                if token.count == 10, Self.isDate(token), current == " ", let next = peek(1), ("0"..."9").contains(next) {
                    token.append("T")
                    index += 1
                }
            }
            let looksLikeDate = token.count > 4 && token.prefix(4).allSatisfy { ("0"..."9").contains($0) } && token[4] == "-"
            let looksLikeTime = token.count > 2 && token.prefix(2).allSatisfy { ("0"..."9").contains($0) } && token[2] == ":"
            guard looksLikeDate || looksLikeTime else { return nil }
            let valid = looksLikeDate ? Self.isDateTime(token) : Self.isTime(token[...]) == token.count
            return valid ? nil : Problem(line: line, message: "\(String(String.UnicodeScalarView(token))) is not a date or time: write 1979-05-27, 07:32:00 or 1979-05-27T07:32:00Z")
        }

        static func digits(_ token: ArraySlice<Unicode.Scalar>, at offset: Int, count: Int) -> Bool {
            let start = token.startIndex + offset
            guard start + count <= token.endIndex else { return false }
            return token[start..<(start + count)].allSatisfy { ("0"..."9").contains($0) }
        }

        static func isDate(_ token: [Unicode.Scalar]) -> Bool {
            let slice = token[...]
            return token.count >= 10 && digits(slice, at: 0, count: 4) && token[4] == "-" && digits(slice, at: 5, count: 2)
                && token[7] == "-" && digits(slice, at: 8, count: 2)
        }

        /// `YYYY-MM-DD`, optionally `T`/`t` and a time, optionally `Z`/`z` or `±HH:MM` after the time.
        static func isDateTime(_ token: [Unicode.Scalar]) -> Bool {
            guard isDate(token) else { return false }
            if token.count == 10 { return true }
            guard token[10] == "T" || token[10] == "t" else { return false }
            let rest = token[11...]
            guard let timeLength = isTime(rest) else { return false }
            let offset = rest.dropFirst(timeLength)
            if offset.isEmpty { return true }
            if offset.count == 1 { return offset.first == "Z" || offset.first == "z" }
            return offset.count == 6 && (offset.first == "+" || offset.first == "-") && digits(offset, at: 1, count: 2)
                && offset[offset.startIndex + 3] == ":" && digits(offset, at: 4, count: 2)
        }

        /// The length of a leading `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`; nil when there is none.
        static func isTime(_ token: ArraySlice<Unicode.Scalar>) -> Int? {
            guard digits(token, at: 0, count: 2), token.count > 2, token[token.startIndex + 2] == ":", digits(token, at: 3, count: 2) else { return nil }
            var length = 5
            if token.count > 5, token[token.startIndex + 5] == ":" {
                guard digits(token, at: 6, count: 2) else { return nil }
                length = 8
                if token.count > 8, token[token.startIndex + 8] == "." {
                    var fraction = 0
                    while token.count > 9 + fraction, ("0"..."9").contains(token[token.startIndex + 9 + fraction]) { fraction += 1 }
                    guard fraction > 0 else { return nil }
                    length = 9 + fraction
                }
            }
            return length
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
