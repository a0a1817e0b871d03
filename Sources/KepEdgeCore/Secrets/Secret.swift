/// A secret value (device key, hub-owner key, SAS token, Kepware password).
///
/// Its `description` and `debugDescription` never show the value, so a secret cannot leak through
/// string interpolation, `print`, logging or an error message by accident. Code that must use the
/// value (signing, sending, an explicit `--show-secrets`) reads `revealed`, which is easy to grep for.
/// A secret is never `Codable`: session files cannot hold one by construction.
public struct Secret: Equatable, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let revealed: String

    public init(_ value: String) {
        self.revealed = value
    }

    public var isEmpty: Bool { revealed.isEmpty }

    /// What a screen or a report shows instead of the value.
    public var masked: String { Secret.mask(revealed) }

    public var description: String { masked }
    public var debugDescription: String { "Secret(\(masked))" }

    /// A fixed-width mask that does not reveal the secret's length (a short password and a
    /// 200-character SAS token look the same).
    public static func mask(_ value: String) -> String {
        value.isEmpty ? "(empty)" : "••••••••"
    }
}
