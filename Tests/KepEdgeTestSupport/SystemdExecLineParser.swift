/// systemd's reading of an `ExecStart=` value, for checking that what kepedge writes comes back word for word:
/// specifiers first (`%%` → `%`, `%i` → the instance; `config_parse_exec` in src/core/load-fragment.c
/// calls `unit_full_printf`, src/core/unit-printf.c), then words split
/// with quotes and C escapes (`extract_first_word` with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE, src/basic/extract-word.c),
/// then `$$` → `$` and `$NAME`/`${NAME}` from the environment (`replace_env_argv`, src/basic/env-util.c).
public struct SystemdExecLineParser {
    public struct Failure: Error, Equatable { public let reason: String }

    public var instance: String
    public var environment: [String: String]

    public init(instance: String = "", environment: [String: String] = [:]) {
        self.instance = instance
        self.environment = environment
    }

    public func arguments(_ line: String) throws -> [String] {
        try split(try specifiersExpanded(line)).map(environmentExpanded)
    }

    private func specifiersExpanded(_ line: String) throws -> String {
        var out = "", iterator = line.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else { out.append(character); continue }
            switch iterator.next() {
            case "%": out.append("%")
            case "i": out += instance
            case let other: throw Failure(reason: "specifier %\(other.map(String.init) ?? "") left in the line")
            }
        }
        return out
    }

    private func split(_ line: String) throws -> [String] {
        var words: [String] = [], current = "", inWord = false, quote: Character?
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quote == nil && (character == " " || character == "\t") {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            inWord = true
            if character == "\\" {
                guard let next = characters.popFirst() else { throw Failure(reason: "trailing backslash") }
                switch next {
                case "\\", "\"", "'": current.append(next)
                case "n": current.append("\n")
                case "t": current.append("\t")
                case "x":
                    guard characters.count >= 2, let byte = UInt8(String(characters.prefix(2)), radix: 16) else {
                        throw Failure(reason: "bad \\x escape")
                    }
                    characters = characters.dropFirst(2)
                    current.unicodeScalars.append(Unicode.Scalar(byte))
                default: throw Failure(reason: "unknown escape \\\(next)")
                }
            } else if let open = quote, character == open {
                quote = nil
            } else if quote == nil && (character == "\"" || character == "'") {
                quote = character
            } else {
                current.append(character)
            }
        }
        if quote != nil { throw Failure(reason: "unbalanced quotes") }
        if inWord { words.append(current) }
        return words
    }

    private func environmentExpanded(_ word: String) -> String {
        var out = "", characters = Array(word)[...]
        while let character = characters.popFirst() {
            guard character == "$" else { out.append(character); continue }
            if characters.first == "$" { characters = characters.dropFirst(); out.append("$"); continue }
            var name = ""
            if characters.first == "{" {
                characters = characters.dropFirst()
                while let next = characters.popFirst(), next != "}" { name.append(next) }
            } else {
                while let next = characters.first, next.isLetter || next.isNumber || next == "_" { name.append(next); characters = characters.dropFirst() }
            }
            out += environment[name] ?? ""
        }
        return out
    }
}
