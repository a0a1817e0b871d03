import Foundation

/// The per-object results of a Configuration API POST of a list (HTTP 207): each entry has a `code`;
/// anything other than 201 failed, with a `message`.
public struct KepwareMultiStatus: Equatable, Sendable {
    public struct Result: Equatable, Sendable, Codable {
        public let name: String?
        public let code: Int
        public let message: String?
        public var succeeded: Bool { code == 201 }

        public init(name: String?, code: Int, message: String?) {
            self.name = name
            self.code = code
            self.message = message
        }
    }

    public let results: [Result]

    /// Parses a 207 body; nil when it is not a JSON list of objects with `code`.
    public init?(json data: Data) {
        guard let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return nil }
        var results: [Result] = []
        for entry in list {
            guard let code = (entry["code"] as? Int) ?? (entry["code"] as? NSNumber)?.intValue else { return nil }
            let name = (entry["property"] as? String) ?? (entry[KepwarePropertyKey.name] as? String) ?? (entry["name"] as? String)
            results.append(Result(name: name, code: code, message: entry["message"] as? String))
        }
        self.results = results
    }

    public var failures: [Result] { results.filter { !$0.succeeded } }
}
