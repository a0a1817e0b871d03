import Foundation

/// Why an agent name was refused.
public enum KepwareAgentSettingsError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case emptyName
    /// Kepware reserves names starting with `_` for system objects.
    case leadingUnderscore(String)
    case controlCharacter(String)

    public var description: String {
        switch self {
        case .emptyName:
            return "the agent name is empty; give a name such as the device id"
        case .leadingUnderscore(let name):
            return "agent name \"\(name)\" starts with '_', which Kepware reserves for system objects; choose a name without it"
        case .controlCharacter(let name):
            return "agent name \"\(name.prefix(40))\" contains a control character"
        }
    }

    public var errorDescription: String? { description }
}
