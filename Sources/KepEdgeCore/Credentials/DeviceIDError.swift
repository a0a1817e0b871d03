import Foundation

/// Why a device id was refused (IoT Hub identity registry rules).
public enum DeviceIDError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case empty
    case tooLong(length: Int)
    /// A character IoT Hub does not accept; `position` counts from 1.
    case characterNotAllowed(id: String, character: Character, position: Int)

    public var description: String {
        switch self {
        case .empty:
            return "device id is empty; give the id the device has (or will have) in IoT Hub"
        case .tooLong(let length):
            return "device id is \(length) characters long; IoT Hub allows at most \(DeviceID.maximumLength)"
        case .characterNotAllowed(let id, let character, let position):
            var text = "device id \"\(id)\": character \(CharacterPosition.render(character)) at position \(position) is not allowed; "
                + "use letters, digits and \(DeviceID.allowedPunctuation.map(String.init).joined(separator: " "))"
            if character == "+" || character == "#" {
                text += " (IoT Hub no longer supports + and # in device ids)"
            }
            return text
        }
    }

    public var errorDescription: String? { description }
}
