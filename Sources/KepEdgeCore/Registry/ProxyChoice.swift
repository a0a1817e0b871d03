/// Which HTTPS proxy a request uses, from the environment as curl reads it:
/// `https_proxy` before `HTTPS_PROXY`, `no_proxy` before `NO_PROXY`.
public struct ProxyChoice: Equatable, Sendable {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The proxy for a request to `host:port`, nil when none is set or `no_proxy` bypasses it.
    /// A malformed proxy value is reported as an error, not ignored (that would silently go direct).
    public static func forRequest(host: String, port: Int, environment: [String: String]) throws(ProxySettingError) -> ProxyChoice? {
        let (name, value) = first(["https_proxy", "HTTPS_PROXY"], in: environment)
        guard let name, let value else { return nil }
        let noProxy = first(["no_proxy", "NO_PROXY"], in: environment).1 ?? ""
        if NoProxyRule(noProxy).bypasses(host: host, port: port) { return nil }
        return try parse(value, variable: name)
    }

    static func parse(_ value: String, variable: String) throws(ProxySettingError) -> ProxyChoice {
        var rest = Substring(value.trimmingCharacters(in: .whitespaces))
        if let scheme = rest.range(of: "://") {
            let schemeName = rest[..<scheme.lowerBound].lowercased()
            guard schemeName == "http" else { throw ProxySettingError(variable: variable, reason: "kepedge supports http:// proxies (CONNECT), not \(schemeName)://") }
            rest = rest[scheme.upperBound...]
        }
        if let at = rest.lastIndex(of: "@") {
            // Credentials in the proxy URL are not supported; say so rather than leak them into errors.
            _ = at
            throw ProxySettingError(variable: variable, reason: "proxy credentials in the URL are not supported")
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = String(rest)
        var port = 80
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let parsed = Int(rest[rest.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw ProxySettingError(variable: variable, reason: "the port is not a number from 1 to 65535")
            }
            port = parsed
            host = String(rest[..<colon])
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ProxySettingError(variable: variable, reason: "there is no host") }
        return ProxyChoice(host: host, port: port)
    }

    private static func first(_ names: [String], in environment: [String: String]) -> (String?, String?) {
        for name in names {
            if let value = environment[name], !value.isEmpty { return (name, value) }
        }
        return (nil, nil)
    }
}

/// A proxy variable kepedge cannot use, named so the user can fix it.
public struct ProxySettingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let variable: String
    public let reason: String
    public var description: String { "\(variable): \(reason); fix or unset it" }
}
