/// The rectangles of one wizard screen: header and step bar on top, the step's form on the left, the
/// connection pane on the right, the message pane across the bottom and the key bar last. Below 120
/// columns the connection pane folds into a one-line strip under the step bar, so the step's results
/// get the whole width.
public struct ScreenPanes: Hashable, Sendable {
    public var header: Rect
    public var stepBar: Rect
    public var form: Rect
    public var connection: Rect
    public var messages: Rect
    public var keyBar: Rect
    /// True at 120 columns and more, where the side pane and the text get more room.
    public var isWide: Bool
    /// The connection pane is one line above the form (below 120 columns), not a box beside it.
    public var connectionIsStrip: Bool { !isWide }
}

/// Splits a terminal size into the screen's panes, or says it is too small to use.
public enum ScreenLayout: Hashable, Sendable {
    case tooSmall(TerminalSize)
    case panes(ScreenPanes)

    /// The smallest terminal the wizard draws into.
    public static let minimumSize = TerminalSize(width: 80, height: 24)
    /// From this width on, panes get more room.
    public static let wideWidth = 120

    public static func split(_ size: TerminalSize) -> ScreenLayout {
        guard size.width >= minimumSize.width, size.height >= minimumSize.height else { return .tooSmall(size) }
        let isWide = size.width >= wideWidth
        let header = Rect(x: 0, y: 0, width: size.width, height: 1)
        let stepBar = Rect(x: 0, y: 1, width: size.width, height: 1)
        let keyBar = Rect(x: 0, y: size.height - 1, width: size.width, height: 1)
        // Rows between the step bar and the key bar: a third to messages (at least 7: 5 events in a box).
        let middle = size.height - 3
        let messageHeight = max(7, middle / 3)
        let mainHeight = middle - messageHeight
        let form: Rect, connection: Rect
        if isWide {
            // Side by side: the connection pane takes about a third of the width, up to 60 columns.
            let connectionWidth = min(60, size.width * 35 / 100)
            form = Rect(x: 0, y: 2, width: size.width - connectionWidth, height: mainHeight)
            connection = Rect(x: form.maxX, y: 2, width: connectionWidth, height: mainHeight)
        } else {
            // At 80-119 columns a 30-column side pane made the results wrap into many lines: one strip instead.
            connection = Rect(x: 0, y: 2, width: size.width, height: 1)
            form = Rect(x: 0, y: 3, width: size.width, height: mainHeight - 1)
        }
        let messages = Rect(x: 0, y: 2 + mainHeight, width: size.width, height: messageHeight)
        return .panes(ScreenPanes(header: header, stepBar: stepBar, form: form, connection: connection,
                                  messages: messages, keyBar: keyBar, isWide: isWide))
    }
}
