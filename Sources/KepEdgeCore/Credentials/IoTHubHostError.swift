import Foundation

/// Why a hub name or host name was refused. The description names the input and the bad part.
public struct IoTHubHostError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// What the user typed (a hub name is not a secret).
    public let input: String
    /// The problem in words, e.g. `character ' ' at position 3 is not allowed …`.
    public let reason: String

    public init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        "IoT hub \"\(input)\": \(reason); give the hub name (myhub) or its host name (myhub.azure-devices.net)"
    }

    public var errorDescription: String? { description }
}
