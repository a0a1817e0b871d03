import Foundation

/// Whether a client connecting with one name will accept a server certificate that holds others.
///
/// edgeHub's certificate holds the IoT Edge config `hostname` (as DNS, or as IP when the hostname is
/// an address) and `edgeHub`, with CN = hostname. The client must connect with exactly that name:
/// a different name fails hostname verification even when the chain is trusted.
public enum CertificateNameVerdict: Equatable, Codable, Sendable {
    /// The name is in the certificate (`matched` is the certificate's spelling).
    case exactMatch(matched: String)
    /// The certificate holds the name with different upper/lower case. TLS compares DNS names
    /// case-insensitively, but IoT Edge 1.1 lower-cases the name and scripts compare exactly.
    case caseDifference(certificateName: String)
    /// One is the fully qualified form of the other (`gw01.plant.local` vs `gw01`): they are
    /// different names to TLS. `useInstead` is the certificate's name.
    case fullyQualifiedVersusShort(useInstead: String)
    /// The client connects with an IP address. `inCertificate` says whether the certificate holds it.
    case ipAddressAsHostname(address: String, inCertificate: Bool, certificateNames: [String])
    /// None of the certificate's names is the name, in any form.
    case noMatch(certificateNames: [String])
}

public enum CertificateNameMatch {
    /// The name edgeHub always adds to its certificate besides the config hostname.
    public static let edgeHubModuleName = "edgeHub"

    /// Compares the name a client will connect with to the names the server certificate holds
    /// (SAN DNS and IP entries and the subject CN, in any order).
    public static func verdict(connectName: String, certificateNames: [String]) -> CertificateNameVerdict {
        let name = connectName.trimmingCharacters(in: .whitespaces)
        let held = uniqueNames(certificateNames)

        if IPAddressText.isIPAddress(name) {
            let inCertificate = held.contains { sameAddress($0, name) }
            return .ipAddressAsHostname(address: name, inCertificate: inCertificate, certificateNames: held)
        }
        if let exact = held.first(where: { $0 == name }) {
            return .exactMatch(matched: exact)
        }
        if let wildcard = held.first(where: { wildcardMatches($0, name) }) {
            return .exactMatch(matched: wildcard)
        }
        if let caseOnly = held.first(where: { $0.lowercased() == name.lowercased() }) {
            return .caseDifference(certificateName: caseOnly)
        }
        let firstLabel = Self.firstLabel(of: name).lowercased()
        let otherForm = held.first { candidate in
            guard !IPAddressText.isIPAddress(candidate), candidate != edgeHubModuleName else { return false }
            let oneIsShort = !candidate.contains(".") || !name.contains(".")
            return oneIsShort && Self.firstLabel(of: candidate).lowercased() == firstLabel
        }
        if let otherForm {
            return .fullyQualifiedVersusShort(useInstead: otherForm)
        }
        return .noMatch(certificateNames: held)
    }

    /// The verdict as a check line with its fix.
    public static func check(connectName: String, certificateNames: [String]) -> CheckResult {
        let verdict = verdict(connectName: connectName, certificateNames: certificateNames)
        return check(for: verdict, connectName: connectName)
    }

    public static func check(for verdict: CertificateNameVerdict, connectName: String) -> CheckResult {
        let id = CheckID.certNameMatch
        switch verdict {
        case .exactMatch(let matched):
            return CheckResult(
                id: id, title: "the server certificate holds the name \(connectName)", status: .ok,
                details: matched == connectName ? [] : ["matched by \(matched)"])
        case .caseDifference(let certificateName):
            return CheckResult(
                id: id, title: "the server certificate holds \(certificateName), which differs from \(connectName) only in case",
                status: .warning,
                details: ["TLS accepts it, but IoT Edge 1.1 lower-cases the hostname and GatewayHostName should match it exactly"],
                fix: "Connect with \(certificateName), exactly as the certificate spells it (host name and GatewayHostName).")
        case .fullyQualifiedVersusShort(let useInstead):
            return CheckResult(
                id: id, title: "the server certificate holds \(useInstead), not \(connectName)", status: .error,
                details: ["a short name and its fully qualified form are different names to TLS: hostname verification will fail"],
                fix: "Connect with \(useInstead) (the agent's host and GatewayHostName), and make \(useInstead) resolve on the Kepware host (hosts file or DNS).")
        case .ipAddressAsHostname(let address, let inCertificate, let names):
            let hostNames = names.filter { !IPAddressText.isIPAddress($0) && $0 != edgeHubModuleName }
            if inCertificate {
                return CheckResult(
                    id: id, title: "the server certificate holds the address \(address)", status: .warning,
                    details: ["connecting by IP address works only while the gateway keeps this address"],
                    fix: "Prefer a host name: set `hostname` in the IoT Edge config to a name, apply it, and add that name to the Kepware host's hosts file.")
            }
            let use = hostNames.first.map { "Connect with \($0) instead, and map it to \(address) in the Kepware host's hosts file." }
                ?? "Connect with the name in the IoT Edge config `hostname`, and map it to \(address) in the Kepware host's hosts file."
            return CheckResult(
                id: id, title: "the server certificate does not hold the address \(address)", status: .error,
                details: ["the certificate holds: \(listed(names))"],
                fix: use)
        case .noMatch(let names):
            return CheckResult(
                id: id, title: "the server certificate does not hold the name \(connectName)", status: .error,
                details: [
                    "the certificate holds: \(listed(names))",
                    "edgeHub's certificate holds the IoT Edge config `hostname` and `\(edgeHubModuleName)`",
                ],
                fix: "Connect with the config `hostname` (the agent's host and GatewayHostName), or set `hostname` to \(connectName) and apply the IoT Edge config so edgeHub gets a new certificate.")
        }
    }

    // MARK: - Helpers

    private static func listed(_ names: [String]) -> String {
        names.isEmpty ? "(no names)" : names.joined(separator: ", ")
    }

    private static func uniqueNames(_ names: [String]) -> [String] {
        var seen: [String] = []
        for name in names.map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty && !seen.contains(name) {
            seen.append(name)
        }
        return seen
    }

    private static func firstLabel(of name: String) -> String {
        String(name.split(separator: ".", maxSplits: 1).first ?? Substring(name))
    }

    private static func sameAddress(_ a: String, _ b: String) -> Bool {
        func bare(_ s: String) -> String {
            s.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        }
        return bare(a) == bare(b)
    }

    /// `*.plant.local` matches `gw01.plant.local` (one label, as RFC 6125 allows), not `plant.local`.
    private static func wildcardMatches(_ pattern: String, _ name: String) -> Bool {
        guard pattern.hasPrefix("*."), name.contains(".") else { return false }
        let suffix = pattern.dropFirst(1).lowercased()
        let lowered = name.lowercased()
        guard lowered.hasSuffix(suffix) else { return false }
        let label = lowered.dropLast(suffix.count)
        return !label.isEmpty && !label.contains(".")
    }
}
