/// The parts every wizard screen shares: header, step bar, connection pane, message pane and key bar,
/// laid out by `ScreenLayout`. A screen supplies the form area's content; below 80x24 the frame shows
/// the "enlarge the terminal" message instead.
public struct WizardFrame: Hashable, Sendable {
    public var header: HeaderView
    public var stepBar: StepBarView
    public var connection: ConnectionPaneView
    public var messages: MessagePaneView
    public var keyBar: KeyBarView

    public init(header: HeaderView, stepBar: StepBarView, connection: ConnectionPaneView,
                messages: MessagePaneView, keyBar: KeyBarView = .standard) {
        self.header = header
        self.stepBar = stepBar
        self.connection = connection
        self.messages = messages
        self.keyBar = keyBar
    }

    /// Renders the frame at `size`; `form` draws the step's content into the form rectangle.
    /// Returns the grid and the panes (nil when the terminal is too small).
    public func render(size: TerminalSize, glyphs: GlyphSet,
                       form: (inout CellGrid, Rect) -> Void) -> (grid: CellGrid, panes: ScreenPanes?) {
        var grid = CellGrid(size: size)
        switch ScreenLayout.split(size) {
        case .tooSmall:
            TooSmallView(size: size).render(into: &grid)
            return (grid, nil)
        case .panes(let panes):
            header.render(into: &grid, in: panes.header, glyphs: glyphs)
            stepBar.render(into: &grid, in: panes.stepBar, glyphs: glyphs)
            form(&grid, panes.form)
            if panes.connectionIsStrip {
                connection.renderStrip(into: &grid, in: panes.connection, glyphs: glyphs)
            } else {
                connection.render(into: &grid, in: panes.connection, glyphs: glyphs)
            }
            messages.render(into: &grid, in: panes.messages, glyphs: glyphs)
            keyBar.render(into: &grid, in: panes.keyBar, glyphs: glyphs)
            return (grid, panes)
        }
    }
}
