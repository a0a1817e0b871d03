import Foundation

/// Why gateway MQTT settings could not be built.
public enum GatewayMQTTSettingsError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case badGatewayHostName(input: String, reason: String)
    case badAPIVersion(String)
    case badPort(Int)

    public var description: String {
        switch self {
        case .badGatewayHostName(let input, let reason):
            return "gateway host name \"\(input)\" \(reason); use the hostname from the IoT Edge config (/etc/aziot/config.toml), exactly"
        case .badPort(let port):
            return "port \(port) is not a TCP port; edgeHub's MQTT port is \(GatewayMQTTSettings.defaultPort)"
        case .badAPIVersion(let text):
            return text.isEmpty
                ? "the api-version is empty; edgeHub refuses a username without one (use \(GatewayMQTTSettings.defaultAPIVersion))"
                : "api-version \"\(text.prefix(40))\" may only hold letters, digits, '-' and '.', e.g. \(GatewayMQTTSettings.defaultAPIVersion)"
        }
    }

    public var errorDescription: String? { description }
}
