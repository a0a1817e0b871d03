/// The editing model of a one-line text field: a value and a cursor, changed by keys. Pure, so every
/// editing rule is tested without a terminal.
public struct TextField: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (0...count).
    public private(set) var cursor: Int

    public init(_ value: String = "") {
        characters = Array(value)
        cursor = characters.count
    }

    public var value: String { String(characters) }

    /// Inserts `text` at the cursor. Pasted line breaks and other control characters are dropped: a
    /// field is one line, and a stray newline must not submit a form.
    public mutating func insert(_ text: String) {
        let clean = text.filter { character in
            !character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        }
        characters.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Ctrl-U: deletes from the start of the line to the cursor, as in a shell.
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Applies an editing key; returns false for keys a text field does not use (Tab, Enter, ...).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character): insert(String(character))
        case .backspace: backspace()
        case .delete: deleteForward()
        case .left: moveLeft()
        case .right: moveRight()
        case .home, .control("a"): moveHome()
        case .end, .control("e"): moveEnd()
        case .control("u"): deleteToStart()
        default: return false
        }
        return true
    }

    /// What a `width`-column window shows: the visible text, and the cursor's column in it. The window
    /// starts at the beginning and scrolls right only as far as needed to keep the cursor visible.
    /// `mask` replaces every character (secrets).
    public func viewport(width: Int, mask: String? = nil) -> (text: String, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        let shown: [String] = characters.map { mask ?? String($0) }
        let widths = shown.map { DisplayWidth.of($0) }
        // The first visible index: move it right until the cursor cell (one column past the text at the end) fits.
        var start = 0
        func columns(from: Int, to: Int) -> Int { widths[from..<to].reduce(0, +) }
        while start < cursor && columns(from: start, to: cursor) + 1 > width { start += 1 }
        var text = ""
        var used = 0
        var index = start
        while index < shown.count && used + widths[index] <= width {
            text += shown[index]
            used += widths[index]
            index += 1
        }
        return (text, columns(from: start, to: cursor))
    }
}
