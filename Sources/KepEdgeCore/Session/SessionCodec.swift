import Foundation

/// Why a session file could not be used; each case words one line for the engineer.
public enum SessionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not JSON, or not a kepedge session, or a field missing or of the wrong type.
    case corrupt(path: String, detail: String)
    /// Written by a newer kepedge with a format this one does not know.
    case newerVersion(path: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .corrupt(let path, let detail):
            return "session file \(path) is not a usable kepedge session (\(detail)); move it aside or start fresh with --new-session"
        case .newerVersion(let path, let found, let supported):
            return "session file \(path) was written by a newer kepedge (format \(found); this one reads up to \(supported)); upgrade kepedge or start fresh with --new-session"
        }
    }
}

/// Session files as bytes: JSON, sorted keys, ISO 8601 dates. Reading checks the format and the
/// version before anything else, so a newer or foreign file is reported, never misread.
public enum SessionCodec {
    public static func encode(_ session: WizardSession) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(session)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data, path: String) throws(SessionError) -> WizardSession {
        let decoder = JSONDecoder()
        // Not `.iso8601`: its error leaves the date's own key out of the coding path, so a bad
        // `savedAt` would be reported as field "".
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date")
            }
            return date
        }
        let header: SessionHeader
        do {
            header = try decoder.decode(SessionHeader.self, from: data)
        } catch DecodingError.typeMismatch {
            throw .corrupt(path: path, detail: "not a JSON object")
        } catch {
            throw .corrupt(path: path, detail: "not JSON")
        }
        guard header.format == WizardSession.formatName else {
            throw .corrupt(path: path, detail: "no \"format\": \"\(WizardSession.formatName)\" field")
        }
        guard let version = header.version else {
            throw .corrupt(path: path, detail: header.hasVersion ? "field \"version\" has the wrong type" : "no version field")
        }
        guard version <= WizardSession.currentVersion else {
            throw .newerVersion(path: path, found: version, supported: WizardSession.currentVersion)
        }
        do {
            return try decoder.decode(WizardSession.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .corrupt(path: path, detail: "field \"\(key.stringValue)\" is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .corrupt(path: path, detail: "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type")
        } catch let DecodingError.dataCorrupted(context) {
            throw .corrupt(path: path, detail: "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" holds an invalid value")
        } catch {
            throw .corrupt(path: path, detail: "unreadable fields")
        }
    }
}

/// The two fields read before anything else. Each is read leniently, so a file that is JSON but
/// not ours is reported for what it is rather than as "not JSON".
private struct SessionHeader: Decodable {
    var format: String?
    var version: Int?
    var hasVersion: Bool

    private enum Key: String, CodingKey { case format, version }

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Key.self)
        format = try? fields.decode(String.self, forKey: .format)
        version = try? fields.decode(Int.self, forKey: .version)
        hasVersion = fields.contains(.version)
    }
}
