import Crypto
import Foundation

/// A device or policy symmetric key: the base64 text IoT Hub shows, decoded once for signing.
/// Never printed: `description` is masked and the value is only reachable through `base64.revealed`.
public struct SharedAccessKey: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key as IoT Hub shows it (standard base64 with padding).
    public let base64: Secret
    /// The decoded bytes: what HMAC-SHA256 is keyed with.
    let bytes: Data

    /// Accepts only standard base64 with `=` padding (`kew=`, not `key`).
    public init(base64 text: String) throws(SharedAccessKeyError) {
        switch StrictBase64.decode(text) {
        case .success(let data):
            self.base64 = Secret(text)
            self.bytes = data
        case .failure(let error):
            throw error
        }
    }

    /// Base64 of HMAC-SHA256 keyed with the decoded key: the signature IoT Hub and edgeHub compute.
    public func signature(of message: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: bytes))
        return Data(mac).base64EncodedString()
    }

    public var description: String { "SharedAccessKey(\(base64.masked))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
