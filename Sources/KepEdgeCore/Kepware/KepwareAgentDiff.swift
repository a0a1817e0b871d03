/// Compares the agent as Kepware reads it back with the settings kepedge sent.
/// The password cannot be read back in clear, so it is reported as not verifiable, never as matching.
public struct KepwareAgentDiff: Equatable, Sendable {
    public struct Difference: Equatable, Sendable, Codable {
        public let property: String
        public let expected: String
        public let actual: String
    }

    public let differences: [Difference]
    public let unverifiable: [String]

    public init(expected: JSONValue, actual: JSONValue) {
        var differences: [Difference] = []
        var unverifiable: [String] = []
        if case .object(let wanted) = expected {
            for (key, value) in wanted.sorted(by: { $0.key < $1.key }) {
                if key == KepwarePropertyKey.password {
                    unverifiable.append(key)
                    continue
                }
                if key == KepwarePropertyKey.projectID || key == KepwarePropertyKey.forceUpdate || key == "iot_items" { continue }
                let got = actual[key]
                if got != value {
                    differences.append(Difference(property: key, expected: Self.render(value), actual: got.map(Self.render) ?? "(missing)"))
                }
            }
        }
        self.differences = differences
        self.unverifiable = unverifiable
    }

    public var matches: Bool { differences.isEmpty }

    /// The differences that stop the agent connecting or being accepted (`KepwarePropertyKey.connectionCritical`).
    public var connectionDifferences: [Difference] {
        differences.filter { KepwarePropertyKey.connectionCritical.contains($0.property) }
    }

    /// Human lines: what differs, and the password note.
    public var lines: [String] {
        var lines = differences.map { "\($0.property): Kepware has \($0.actual), kepedge sent \($0.expected)" }
        if !unverifiable.isEmpty {
            lines.append("the password cannot be read back from Kepware; it is confirmed only by the agent connecting")
        }
        return lines
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return "\"\(text.count > 60 ? String(text.prefix(57)) + "..." : text)\""
        case .array(let items): return "[\(items.count) items]"
        case .object(let members): return "{\(members.count) properties}"
        }
    }
}
