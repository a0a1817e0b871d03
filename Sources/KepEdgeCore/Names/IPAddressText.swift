/// Textual tests on addresses, without a resolver: is this string an IP literal, and which kind.
public enum IPAddressText {
    /// True for a dotted-quad IPv4 address such as `192.168.1.20`.
    public static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let value = Int(part) else { return false }
            return value <= 255
        }
    }

    /// True for an IPv6 literal (optionally in brackets or with a `%zone`), such as `fe80::1%eth0`.
    public static func isIPv6(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("["), body.hasSuffix("]") { body = body.dropFirst().dropLast() }
        if let percent = body.firstIndex(of: "%") { body = body[..<percent] }
        guard body.contains(":"), body.count >= 2 else { return false }
        return body.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    public static func isIPAddress(_ text: String) -> Bool {
        isIPv4(text) || isIPv6(text)
    }

    /// 127.0.0.0/8 and ::1.
    public static func isLoopback(_ text: String) -> Bool {
        if isIPv4(text) { return text.hasPrefix("127.") }
        return normalizedIPv6(text) == "::1"
    }

    /// 169.254.0.0/16 and fe80::/10: addresses that only work on one link and change on reboot.
    public static func isLinkLocal(_ text: String) -> Bool {
        if isIPv4(text) { return text.hasPrefix("169.254.") }
        guard isIPv6(text) else { return false }
        let lowered = normalizedIPv6(text)
        return ["fe8", "fe9", "fea", "feb"].contains { lowered.hasPrefix($0) }
    }

    private static func normalizedIPv6(_ text: String) -> String {
        var body = Substring(text.lowercased())
        if body.hasPrefix("["), body.hasSuffix("]") { body = body.dropFirst().dropLast() }
        if let percent = body.firstIndex(of: "%") { body = body[..<percent] }
        if body == "0:0:0:0:0:0:0:1" { return "::1" }
        return String(body)
    }
}
