/// The `no_proxy` / `NO_PROXY` list as curl and most tools read it: comma- or space-separated entries;
/// `*` bypasses the proxy for every host; `example.com` and `.example.com` match that domain and its
/// subdomains; an entry may carry `:port`; IP addresses match exactly; IPv6 may be bracketed.
public struct NoProxyRule: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        let host: String
        let port: Int?
    }

    let matchesAll: Bool
    let entries: [Entry]

    public init(_ text: String) {
        var all = false
        var entries: [Entry] = []
        for raw in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            var item = raw.lowercased()
            if item == "*" { all = true; continue }
            var port: Int?
            if item.hasPrefix("["), let close = item.firstIndex(of: "]") {
                let after = item[item.index(after: close)...]
                if after.hasPrefix(":") { port = Int(after.dropFirst()) }
                item = String(item[item.index(after: item.startIndex)..<close])
            } else if item.filter({ $0 == ":" }).count == 1, let colon = item.lastIndex(of: ":") {
                port = Int(item[item.index(after: colon)...])
                item = String(item[..<colon])
            }
            while item.hasPrefix(".") || item.hasPrefix("*.") { item.removeFirst(item.hasPrefix("*") ? 2 : 1) }
            if item.hasSuffix(".") { item.removeLast() }
            if !item.isEmpty { entries.append(Entry(host: item, port: port)) }
        }
        self.matchesAll = all
        self.entries = entries
    }

    /// Whether a request to `host:port` should go direct, not through the proxy.
    public func bypasses(host: String, port: Int) -> Bool {
        if matchesAll { return true }
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        return entries.contains { entry in
            if let entryPort = entry.port, entryPort != port { return false }
            return name == entry.host || name.hasSuffix("." + entry.host)
        }
    }
}
