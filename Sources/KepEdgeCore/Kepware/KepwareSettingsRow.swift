/// One line of the settings card: the field label as Kepware's agent dialog shows it, and what to type.
public struct KepwareSettingsRow: Equatable, Sendable, Codable {
    public let label: String
    /// What to type, or the mask when the value is a secret that was not revealed.
    public let value: String
    public let isSecret: Bool
    /// Why the value looks the way it does, when that matters (e.g. the trailing slash of the topic).
    public let note: String?

    public init(label: String, value: String, isSecret: Bool = false, note: String? = nil) {
        self.label = label
        self.value = value
        self.isSecret = isSecret
        self.note = note
    }
}
