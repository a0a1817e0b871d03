import Foundation

/// The routes in edgeHub's module twin (`properties.desired.routes`), and whether downstream
/// devices' messages reach IoT Hub (a route `FROM /messages/* … INTO $upstream`).
public struct EdgeHubRoutes: Equatable, Sendable {
    public struct Route: Equatable, Sendable {
        public let name: String
        public let statement: String

        public init(name: String, statement: String) {
            self.name = name
            self.statement = statement
        }
    }

    public let routes: [Route]

    public init(routes: [Route]) { self.routes = routes }

    /// The route the portal puts in a new deployment: everything to IoT Hub.
    public static let portalDefault = EdgeHubRoutes(routes: [Route(name: "route", statement: "FROM /messages/* INTO $upstream")])

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
        routes.filter { Self.parts($0.statement).map { $0.fromDownstream && $0.sink.lowercased() == "$upstream" } ?? false }
    }

    /// The routes that take downstream devices' messages into a module instead (which may forward them upstream).
    public var downstreamToModules: [Route] {
        routes.filter { Self.parts($0.statement).map { $0.fromDownstream && $0.sink.lowercased() != "$upstream" } ?? false }
    }

    /// The route's source and sink words, when it has `FROM … INTO …`.
    private static func parts(_ statement: String) -> (fromDownstream: Bool, sink: String)? {
        let words = statement.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let fromIndex = words.firstIndex(where: { $0.caseInsensitiveCompare("FROM") == .orderedSame }),
              fromIndex + 1 < words.count,
              let intoIndex = words.lastIndex(where: { $0.caseInsensitiveCompare("INTO") == .orderedSame }),
              intoIndex + 1 < words.count else { return nil }
        let source = words[fromIndex + 1]
        return (source == "/messages/*" || source == "/*", words[intoIndex + 1])
    }

    /// A check for the wizard and `kepedge check`: ok when some route carries Kepware's messages to IoT Hub;
    /// a warning when they only go into modules (those may forward them); an error when no route takes
    /// them at all (edgeHub accepts them and drops them).
    public func check(edgeDevice: String) -> CheckResult {
        let title = "edgeHub routes downstream messages to $upstream (IoT Hub)"
        let missing = "no route sends downstream messages to $upstream"
        let fix = "add a route to the deployment of \(edgeDevice): \"FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream\"; without it edgeHub accepts Kepware's messages and drops them"
        if let first = downstreamToUpstream.first {
            return CheckResult(id: .edgeHubRoutes, title: title, status: .ok, details: ["route \(first.name): \(first.statement)"])
        }
        let listed = routes.isEmpty ? ["edge device \(edgeDevice) has no routes in its $edgeHub twin"]
                                    : routes.map { "route \($0.name): \($0.statement)" }
        if !downstreamToModules.isEmpty {
            return CheckResult(id: .edgeHubRoutes, title: missing + ": they go only into modules", status: .warning,
                               details: listed + ["downstream messages go only into modules; they reach IoT Hub only if a module forwards them"],
                               fix: "check that the module forwards them to $upstream, or " + fix)
        }
        return CheckResult(id: .edgeHubRoutes, title: missing + ": edgeHub accepts Kepware's messages and drops them", status: .error,
                           details: listed, fix: fix)
    }
}
