import Foundation

/// The routes in edgeHub's module twin (`properties.desired.routes`), and whether downstream
/// devices' messages reach IoT Hub (a route `FROM /messages/* … INTO $upstream`).
public struct EdgeHubRoutes: Equatable, Sendable {
    public struct Route: Equatable, Sendable {
        public let name: String
        public let statement: String
    }

    public let routes: [Route]

    public init(routes: [Route]) { self.routes = routes }

    /// Reads a module twin JSON. Each route is a string, or (schema 1.1+) an object with a `route` field.
    public init?(twinJSON data: Data) {
        guard let twin = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        let properties = twin["properties"] as? [String: Any]
        let desired = properties?["desired"] as? [String: Any]
        let raw = desired?["routes"] as? [String: Any] ?? [:]
        var routes: [Route] = []
        for (name, value) in raw.sorted(by: { $0.key < $1.key }) {
            if let text = value as? String {
                routes.append(Route(name: name, statement: text))
            } else if let object = value as? [String: Any], let text = object["route"] as? String {
                routes.append(Route(name: name, statement: text))
            }
        }
        self.init(routes: routes)
    }

    /// The routes that send messages from downstream devices upstream: source `/messages/*` or `/*`
    /// (not only `/messages/modules/…`, which are modules' outputs) and sink `$upstream`.
    public var downstreamToUpstream: [Route] {
        routes.filter { Self.sendsDownstreamUpstream($0.statement) }
    }

    static func sendsDownstreamUpstream(_ statement: String) -> Bool {
        let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let fromIndex = words.firstIndex(where: { $0.caseInsensitiveCompare("FROM") == .orderedSame }),
              fromIndex + 1 < words.count,
              let intoIndex = words.lastIndex(where: { $0.caseInsensitiveCompare("INTO") == .orderedSame }),
              intoIndex + 1 < words.count else { return false }
        let source = words[fromIndex + 1]
        let sink = words[intoIndex + 1]
        guard sink.lowercased() == "$upstream" else { return false }
        return source == "/messages/*" || source == "/*"
    }

    /// A check for the wizard: pass when some route carries Kepware's messages to IoT Hub.
    public func check(edgeDevice: String) -> CheckResult {
        let good = downstreamToUpstream
        if let first = good.first {
            return CheckResult(id: "edgehub-routes", title: "edgeHub routes downstream messages to IoT Hub", status: .ok,
                               details: ["route \(first.name): \(first.statement)"])
        }
        return CheckResult(id: "edgehub-routes", title: "edgeHub routes downstream messages to IoT Hub", status: .warning,
                           details: routes.isEmpty ? ["edge device \(edgeDevice) has no routes in its $edgeHub twin"]
                                                   : routes.map { "route \($0.name): \($0.statement)" },
                           fix: "add a route to the deployment of \(edgeDevice): \"FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream\"; without it edgeHub accepts Kepware's messages and drops them")
    }
}
