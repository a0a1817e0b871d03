import Foundation

/// Why a connection string was refused. Names the missing or malformed part; never includes the key.
public enum ConnectionStringError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    case empty
    /// A part is required and absent, e.g. `SharedAccessKey`.
    case missing(part: String)
    /// A part is present with an empty value, e.g. `HostName=`.
    case emptyValue(part: String)
    /// A part name this kind of connection string does not have.
    case unknownPart(name: String)
    case duplicatePart(name: String)
    /// The n-th `;`-separated piece (from 1) has no `=`; not quoted, since it may be part of a key.
    case pieceWithoutEquals(index: Int)
    /// The n-th piece has a name that does not look like one (e.g. a pasted key); not quoted.
    case unrecognisedPiece(index: Int)
    case badHostName(IoTHubHostError)
    case badGatewayHostName(reason: String)
    case badDeviceID(DeviceIDError)
    case badKey(SharedAccessKeyError)
    /// A recognisable connection string of another kind, e.g. a hub-owner string where a device string is needed.
    case wrongKind(expected: String, found: String)

    public var description: String {
        switch self {
        case .empty:
            return "the connection string is empty"
        case .missing(let part):
            return "missing \(part)"
        case .emptyValue(let part):
            return "\(part) is empty"
        case .unknownPart(let name):
            return "unknown part '\(name)'"
        case .duplicatePart(let name):
            return "\(name) appears twice"
        case .pieceWithoutEquals(let index):
            return "part \(index) has no '=' (expected Name=value parts separated by ';')"
        case .unrecognisedPiece(let index):
            return "part \(index) is not a Name=value part (expected HostName=…;DeviceId=…;SharedAccessKey=…)"
        case .badHostName(let error):
            return "HostName: \(error.description)"
        case .badGatewayHostName(let reason):
            return "GatewayHostName \(reason)"
        case .badDeviceID(let error):
            return "DeviceId: \(error.description)"
        case .badKey(let error):
            return "SharedAccessKey: \(error.description)"
        case .wrongKind(let expected, let found):
            return "this is \(found), not \(expected)"
        }
    }

    public var errorDescription: String? { description }
}
