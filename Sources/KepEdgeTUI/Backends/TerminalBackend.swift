/// Where frames go and keys come from. The UI loop owns its backend and calls it from one thread only.
public protocol TerminalBackend: AnyObject {
    /// The terminal's size now.
    var size: TerminalSize { get }
    /// What the terminal can show (glyphs, colours).
    var capabilities: TerminalCapabilities { get }
    /// Readable when keys are waiting; the loop polls it.
    var inputFileDescriptor: Int32 { get }
    /// Shows `grid`; a backend may draw only what changed since the last frame.
    func draw(_ grid: CellGrid)
    /// Forgets the last frame so the next `draw` repaints everything (Ctrl-L, resize).
    func invalidate()
    /// Every key waiting now, without blocking.
    func readKeys() -> [Key]
    /// Gives the terminal back (curses: `endwin`). Called once, on the loop's thread.
    func shutdown()
    /// Gives the terminal back and stops the process (Ctrl-Z); returns once it is continued (`fg`),
    /// with the terminal taken again. The loop then redraws everything.
    func suspend()
}

extension TerminalBackend {
    /// A backend without a terminal (memory, tests) has nothing to give back.
    public func suspend() {}
}
