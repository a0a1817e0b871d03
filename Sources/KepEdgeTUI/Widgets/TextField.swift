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
    /// `mask` replaces every character (secrets). With `cutMarks`, a window that does not show the whole
    /// text says so: `left` replaces its first column(s) when text is hidden before it, `right` its last
    /// when text is hidden after it (a path's tail alone would read as a different path).
    public func viewport(width: Int, mask: String? = nil, cutMarks: (left: String, right: String)? = nil) -> (text: String, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        let shown: [String] = characters.map { mask ?? String($0) }
        let widths = shown.map { DisplayWidth.of($0) }
        func columns(from: Int, to: Int) -> Int { widths[from..<to].reduce(0, +) }
        let marks = cutMarks.map { (left: $0.left, right: $0.right, leftWidth: DisplayWidth.of($0.left), rightWidth: DisplayWidth.of($0.right)) }
        let fitsWhole = columns(from: 0, to: shown.count) + (cursor == shown.count ? 1 : 0) <= width
        // Too narrow for marks and a character between them: plain scrolling.
        let usableMarks = marks.flatMap { $0.leftWidth + $0.rightWidth + 1 < width ? $0 : nil }

        /// The window from `start`: its text, the cursor's column, and whether the cursor cell is in it.
        func window(from start: Int) -> (text: String, cursorColumn: Int, showsCursor: Bool) {
            let leftMark = start > 0 ? usableMarks?.left : nil
            let leftWidth = leftMark.map { DisplayWidth.of($0) } ?? 0
            var end = start
            var used = 0
            while end < shown.count && used + widths[end] <= width - leftWidth {
                used += widths[end]
                end += 1
            }
            var rightMark: String?
            if end < shown.count, let marks = usableMarks, !fitsWhole {
                rightMark = marks.right
                while end > start && used + marks.rightWidth > width - leftWidth {
                    end -= 1
                    used -= widths[end]
                }
            }
            let cursorColumn = leftWidth + columns(from: start, to: cursor)
            let showsCursor = cursor < end || (cursor == shown.count && end == shown.count && cursorColumn < width)
            let text = (leftMark ?? "") + shown[start..<end].joined() + (rightMark ?? "")
            return (text, cursorColumn, showsCursor)
        }
        var start = 0
        var view = window(from: start)
        while start < cursor && (!view.showsCursor || view.cursorColumn >= width) {
            start += 1
            view = window(from: start)
        }
        return (view.text, view.cursorColumn)
    }
}
