import CNCursesW

/// What `wget_wch` returned: a character (`OK`) or a function-key code (`KEY_CODE_YES`).
public enum CursesInput: Hashable, Sendable {
    case character(UInt32)
    case keyCode(Int32)
    /// A mouse event's button state (`MEVENT.bstate`, read with `getmouse` after `KEY_MOUSE`).
    case mouse(UInt)
}

/// The mouse buttons the decoder knows: the wheel is buttons 4 (up) and 5 (down).
public enum CursesMouse {
    public static let wheelUp = UInt(kepedge_curses_wheel_up())
    public static let wheelDown = UInt(kepedge_curses_wheel_down())
}

/// The curses key codes the decoder knows, for tests and the backend.
public enum CursesKeyCode {
    public static let up = Int32(KEY_UP), down = Int32(KEY_DOWN), left = Int32(KEY_LEFT), right = Int32(KEY_RIGHT)
    public static let home = Int32(KEY_HOME), end = Int32(KEY_END)
    public static let pageUp = Int32(KEY_PPAGE), pageDown = Int32(KEY_NPAGE)
    public static let backspace = Int32(KEY_BACKSPACE), delete = Int32(KEY_DC)
    public static let scrollDown = Int32(KEY_SF), scrollUp = Int32(KEY_SR)
    public static let backTab = Int32(KEY_BTAB), enter = Int32(KEY_ENTER), resize = Int32(KEY_RESIZE), mouse = Int32(KEY_MOUSE)
    /// KEY_F(n) is a macro: KEY_F0 + n.
    public static func function(_ number: Int) -> Int32 { Int32(KEY_F0) + Int32(number) }
}

/// Maps curses input to `Key`: a pure table, tested without a terminal.
public enum KeyDecoder {
    public static func decode(_ input: CursesInput) -> Key? {
        switch input {
        case .keyCode(let code): return decodeKeyCode(code)
        case .character(let value): return decodeCharacter(value)
        case .mouse(let state): return decodeMouse(state)
        }
    }

    static func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case CursesKeyCode.up: return .up
        case CursesKeyCode.down: return .down
        case CursesKeyCode.left: return .left
        case CursesKeyCode.right: return .right
        case CursesKeyCode.home, Int32(KEY_A1): return .home
        case CursesKeyCode.end, Int32(KEY_C1): return .end
        case CursesKeyCode.pageUp: return .pageUp
        case CursesKeyCode.pageDown: return .pageDown
        case CursesKeyCode.backspace: return .backspace
        case CursesKeyCode.delete: return .delete
        case CursesKeyCode.scrollDown: return .scrollDown
        case CursesKeyCode.scrollUp: return .scrollUp
        case CursesKeyCode.backTab: return .backTab
        case CursesKeyCode.enter: return .enter
        case CursesKeyCode.resize: return .resize
        case CursesKeyCode.function(1)...CursesKeyCode.function(12):
            return .function(Int(code - CursesKeyCode.function(0)))
        default: return nil
        }
    }

    /// Wheel up or down; clicks and anything else are dropped.
    static func decodeMouse(_ state: UInt) -> Key? {
        if state & CursesMouse.wheelUp != 0 { return .wheelUp }
        if state & CursesMouse.wheelDown != 0 { return .wheelDown }
        return nil
    }

    static func decodeCharacter(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            guard let scalar = Unicode.Scalar(value + 96) else { return nil }  // 1 -> "a"
            return .control(Character(scalar))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}
