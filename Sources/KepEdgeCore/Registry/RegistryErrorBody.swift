import Foundation

/// IoT Hub's error body: `{"Message":"ErrorCode:DeviceAlreadyExists;A device with ID 'x' is already registered.","ExceptionMessage":"Tracking ID:…"}`.
public struct RegistryErrorBody: Equatable, Sendable {
    /// The name after `ErrorCode:`, e.g. `DeviceAlreadyExists`, `IotHubUnauthorizedAccess`.
    public let errorCode: String?
    /// The human part of `Message`, after the `;`.
    public let message: String?

    public init(errorCode: String?, message: String?) {
        self.errorCode = errorCode
        self.message = message
    }

    /// Parses the body; nil when it is not JSON with a `Message` (e.g. an HTML page from a proxy).
    public init?(json data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let text = (object["Message"] ?? object["message"]) as? String else { return nil }
        let prefix = "ErrorCode:"
        if text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            if let semicolon = rest.firstIndex(of: ";") {
                self.init(errorCode: String(rest[..<semicolon]), message: String(rest[rest.index(after: semicolon)...]).trimmingCharacters(in: .whitespaces))
            } else {
                self.init(errorCode: String(rest), message: nil)
            }
        } else {
            self.init(errorCode: nil, message: text)
        }
    }

    /// The body IoT Hub sends for `code` and `message` (the fake answers with exactly this shape).
    public static func json(errorCode: String, message: String, trackingID: String = "0000000000000000000000000000000-G:0-TimeStamp:01/01/2026 00:00:00") -> Data {
        let object: [String: String] = [
            "Message": "ErrorCode:\(errorCode);\(message)",
            "ExceptionMessage": "Tracking ID:\(trackingID)",
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
