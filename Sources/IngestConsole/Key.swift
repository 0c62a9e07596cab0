/// A key press, decoded by the terminal backend; the console model only ever sees these.
public enum Key: Sendable, Hashable, CustomStringConvertible {
    /// A printable character (including space).
    case char(Character)
    /// Ctrl plus a letter, lower-case: `.ctrl("c")`.
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    /// The terminal changed size; the backend has already re-read it.
    case resize

    public var description: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .home: return "home"
        case .end: return "end"
        case .enter: return "enter"
        case .escape: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "del"
        case .function(let n): return "f\(n)"
        case .resize: return "resize"
        }
    }
}
