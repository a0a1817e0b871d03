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
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw .corrupt(path: path, detail: "not JSON")
        }
        guard header.format == WizardSession.formatName else {
            throw .corrupt(path: path, detail: "no \"format\": \"\(WizardSession.formatName)\" field")
        }
        guard let version = header.version else {
            throw .corrupt(path: path, detail: "no version field")
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
