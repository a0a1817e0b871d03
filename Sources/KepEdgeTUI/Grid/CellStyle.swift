/// What a colour means, not which colour it is: the backend maps roles to colours when the terminal
/// has them, and every state is also readable from glyphs and text alone.
public enum ColorRole: String, Hashable, Sendable, CaseIterable {
    case ok, warning, error, accent, muted
}

/// The look of one cell: attributes every terminal has, plus an optional semantic colour.
public struct CellStyle: Hashable, Sendable {
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool
    public var role: ColorRole?

    public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false, role: ColorRole? = nil) {
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
        self.role = role
    }

    public static let plain = CellStyle()
    public static let bold = CellStyle(bold: true)
    public static let reverse = CellStyle(reverse: true)
    public static let muted = CellStyle(dim: true, role: .muted)
    public static let ok = CellStyle(role: .ok)
    public static let warning = CellStyle(bold: true, role: .warning)
    public static let error = CellStyle(bold: true, role: .error)
    public static let accent = CellStyle(role: .accent)

    /// This style with `role` as its colour.
    public func with(role: ColorRole?) -> CellStyle {
        var copy = self
        copy.role = role
        return copy
    }
}
