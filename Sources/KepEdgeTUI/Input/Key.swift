/// One key press (or terminal event) as the screens see it, independent of curses.
public enum Key: Hashable, Sendable {
    case character(Character)
    case tab, backTab, enter, escape
    case up, down, left, right
    case home, end, pageUp, pageDown
    /// Shift-Down / Shift-Up (curses' KEY_SF / KEY_SR): scroll the results, leave the focus.
    case scrollDown, scrollUp
    /// The mouse wheel (where the terminal reports it): scrolls what the scroll keys scroll.
    case wheelDown, wheelUp
    case backspace, delete
    /// F1...F12.
    case function(Int)
    /// Ctrl plus a letter, lower-case ("a"..."z"), for those not named above (Ctrl-I is Tab, Ctrl-M Enter, Ctrl-H Backspace).
    case control(Character)
    /// The terminal changed size; the new size is read by the backend.
    case resize
}
