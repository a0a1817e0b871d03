import Foundation

/// Turns a TLS probe report into verdicts an engineer can act on: one headline per failure class,
/// the evidence under it, and the fix.
public enum TLSDiagnosis {
    /// certGen.sh's dev/test certificates last 30 days; warn when any certificate gets that close.
    public static let expiryWarningDays = 30

    /// - Parameters:
    ///   - caCertificates: the certificates of the CA file the probe trusted (empty: the system store).
    ///   - expectedNames: the names edgeHub's certificate gets from the IoT Edge config, when known.
    public static func checks(
        for report: TLSProbeReport, caCertificates: [CertificateSummary] = [],
        expectedNames: [String]? = nil, now: Date
    ) -> [CheckResult] {
        var checks = [headline(for: report, caCertificates: caCertificates, expectedNames: expectedNames, now: now)]
        if report.isVerified, let leaf = report.servedChain.first {
            let daysLeft = leaf.daysLeft(at: now)
            if daysLeft < expiryWarningDays {
                checks.append(CheckResult(
                    id: .tlsServerExpiry, title: "edgeHub's certificate expires in \(days(daysLeft)) (\(day(leaf.notAfter)))",
                    status: .warning, details: ["\(leaf.subject), SHA-256 \(leaf.sha256Fingerprint)"],
                    fix: "Renew the edge CA before then (certGen.sh certificates last 30 days) and run `sudo iotedge config apply`; edgeHub then gets a new server certificate."))
            }
        }
        for ca in caCertificates {
            checks.append(caCertificateCheck(ca, now: now))
        }
        return checks
    }

    /// The CA file's certificate: a CA, valid now, and not about to expire.
    public static func caCertificateCheck(_ ca: CertificateSummary, now: Date) -> CheckResult {
        var check = validityCheck(ca, label: "CA \(ca.subject)", id: .tlsCA, now: now)
        if check.status == .ok, !ca.isCA {
            check.title = "\(ca.subject) is not a CA certificate (no basicConstraints CA:TRUE)"
            check.status = .warning
            check.fix = "Give the root CA file (certGen.sh: certs/azure-iot-test-only.root.ca.cert.pem), not a server or device certificate."
        }
        return check
    }

    /// Any certificate: valid now, and not within `expiryWarningDays` of its end.
    public static func validityCheck(_ certificate: CertificateSummary, label: String, id: CheckID = .certificateValidity, now: Date) -> CheckResult {
        let evidence = [
            "valid \(day(certificate.notBefore)) to \(day(certificate.notAfter))",
            "SHA-1 \(certificate.sha1Fingerprint)",
            "SHA-256 \(certificate.sha256Fingerprint)",
        ]
        let daysLeft = certificate.daysLeft(at: now)
        if now < certificate.notBefore {
            return CheckResult(
                id: id, title: "\(label) is not valid until \(day(certificate.notBefore))", status: .error, details: evidence,
                fix: "Check this machine's clock (it says \(day(now))): enable NTP with `sudo timedatectl set-ntp true`.")
        }
        if now > certificate.notAfter {
            return CheckResult(
                id: id, title: "\(label) expired on \(day(certificate.notAfter))", status: .error, details: evidence,
                fix: certificate.isCA
                    ? "Create a new root and edge CA (certGen.sh certificates last 30 days), point trust_bundle_cert at the new root, run `sudo iotedge config apply`, and import the new root on the Kepware host."
                    : "Issue a new certificate (certGen.sh certificates last 30 days) and install it.")
        }
        if daysLeft < expiryWarningDays {
            return CheckResult(
                id: id, title: "\(label) expires in \(days(daysLeft)) (\(day(certificate.notAfter)))", status: .warning, details: evidence,
                fix: "Plan a new certificate before then: certGen.sh certificates last 30 days; a production CA should last years.")
        }
        return CheckResult(id: id, title: "\(label): \(days(daysLeft)) left", status: .ok, details: evidence)
    }

    // MARK: - Headlines

    private static func headline(
        for report: TLSProbeReport, caCertificates: [CertificateSummary], expectedNames: [String]?, now: Date
    ) -> CheckResult {
        let request = report.request
        let target = "\(request.host):\(request.port)"
        let seconds = secondsText(request.timeoutSeconds)
        switch report.failure {
        case nil:
            guard report.verifyCode == TLSVerifyCode.ok else {
                return verification(report, caCertificates: caCertificates, expectedNames: expectedNames, now: now)
            }
            let trusted = request.caFile.map { "the CA in \($0)" } ?? "this machine's trusted roots"
            return CheckResult(
                id: .tlsVerify, title: "\(target): the certificate chain verifies against \(trusted) and holds the name \(request.host)",
                status: .ok, details: [[report.protocolVersion, report.cipher].compactMap { $0 }.joined(separator: ", ")].filter { !$0.isEmpty })
        case .nameDoesNotResolve(let detail):
            return CheckResult(
                id: .tlsConnect, title: "\(request.host) does not resolve (\(detail))", status: .error,
                fix: "Make \(request.host) resolve here and on the Kepware host: a hosts-file line (`kepedge names --host \(request.host)` prints it) or a DNS record.")
        case .connectionRefused:
            return CheckResult(
                id: .tlsConnect, title: "\(target) refused the connection: nothing listens there", status: .error,
                details: report.connectedAddress.map { ["address \($0)"] } ?? [],
                fix: "Check that edgeHub runs (`sudo iotedge list`) and publishes port \(request.port) (edgeHub createOptions PortBindings \"8883/tcp\"), and that the port is right.")
        case .connectTimedOut:
            return CheckResult(
                id: .tlsConnect, title: "no answer from \(target) within \(seconds)", status: .error,
                fix: "A firewall drops the connection or \(request.host) resolves to the wrong address: open TCP \(request.port) inbound on the gateway (e.g. `sudo ufw allow \(request.port)/tcp`) and check the address with `kepedge names --host \(request.host)`.")
        case .handshakeTimedOut:
            return CheckResult(
                id: .tlsHandshake, title: "\(target) accepted the connection but the TLS handshake did not finish within \(seconds)", status: .error,
                details: report.connectedAddress.map { ["connected to \($0)"] } ?? [],
                fix: "Something other than edgeHub's TLS listener holds port \(request.port), or a proxy holds the connection: check what listens there (`sudo ss -ltnp 'sport = :\(request.port)'`).")
        case .handshakeFailed(let detail):
            return CheckResult(
                id: .tlsHandshake, title: "the TLS handshake with \(target) failed: \(detail)", status: .error,
                fix: "Check that \(request.port) is edgeHub's MQTT-over-TLS port (8883, not plain MQTT 1883) and that the server accepts TLS 1.2 or later.")
        case .caFileUnusable(let detail):
            return CheckResult(
                id: .tlsCA, title: "cannot use the CA file: \(detail)", status: .error,
                fix: "Give the root CA the gateway's certificate chains to: trust_bundle_cert in /etc/aziot/config.toml, or certGen.sh's certs/azure-iot-test-only.root.ca.cert.pem.")
        case .networkError(let detail):
            return CheckResult(
                id: .tlsConnect, title: "cannot connect to \(target): \(detail)", status: .error,
                fix: "Check the gateway's address and this machine's network (`kepedge names --host \(request.host)`).")
        case .verificationFailed:
            return verification(report, caCertificates: caCertificates, expectedNames: expectedNames, now: now)
        }
    }

    private static func verification(
        _ report: TLSProbeReport, caCertificates: [CertificateSummary], expectedNames: [String]?, now: Date
    ) -> CheckResult {
        let request = report.request
        let code = report.verifyCode ?? -1
        let codeLine = "verify code \(code): \(report.verifyText ?? "unknown")"
        let leaf = report.servedChain.first
        let top = report.servedChain.last
        let trusted = request.caFile.map { "the CA in \($0)" } ?? "a root this machine trusts"

        switch code {
        case _ where TLSVerifyCode.untrustedRoot.contains(code):
            var details = [codeLine]
            if let top {
                details.append("chain's top: \(top.subject) (issued by \(top.issuer))")
                details.append("  SHA-256 \(top.sha256Fingerprint)")
            }
            for ca in caCertificates {
                details.append("CA file: \(ca.subject)")
                details.append("  SHA-256 \(ca.sha256Fingerprint)")
                if let top, ca.subject == top.issuer || ca.subject == top.subject, ca.sha256Fingerprint != top.sha256Fingerprint {
                    details.append("same name, different certificate: the CA file and the gateway's chain come from different certGen.sh runs (or the root was re-created)")
                }
            }
            return CheckResult(
                id: .tlsVerify, title: "edgeHub's certificate chain does not lead to \(trusted)", status: .error, details: details,
                fix: "Use the root CA the gateway's edge CA was issued from (trust_bundle_cert in /etc/aziot/config.toml; with certGen.sh, certs/azure-iot-test-only.root.ca.cert.pem from the same run), or issue the edge CA from this root and run `sudo iotedge config apply`.")
        case TLSVerifyCode.unableToVerifyLeafSignature:
            return CheckResult(
                id: .tlsVerify, title: "the server sent its certificate without the chain to \(trusted)", status: .error,
                details: [codeLine] + (leaf.map { ["certificate: \($0.subject), issued by \($0.issuer)"] } ?? []),
                fix: "Set [edge_ca] cert to the device CA's full chain (certGen.sh: certs/iot-edge-device-ca-<name>-full-chain.cert.pem) and run `sudo iotedge config apply`; if the chain is right, the CA file is not its root.")
        case TLSVerifyCode.selfSignedCertificate:
            return CheckResult(
                id: .tlsVerify, title: "the server's certificate is self-signed: no CA vouches for it", status: .error,
                details: [codeLine] + (leaf.map { ["certificate: \($0.subject)", "  SHA-256 \($0.sha256Fingerprint)"] } ?? []),
                fix: "edgeHub serves a certificate issued by its edge CA: set [edge_ca] cert and pk (device CA full chain and key) in /etc/aziot/config.toml and run `sudo iotedge config apply`.")
        case TLSVerifyCode.hostnameMismatch, TLSVerifyCode.ipAddressMismatch:
            var check = CertificateNameMatch.check(connectName: request.host, certificateNames: leaf.map(certificateNames) ?? [])
            check.id = .tlsVerify
            check.status = .error
            check.details.insert(codeLine, at: 0)
            if let expectedNames, !expectedNames.contains(request.host) {
                check.details.append("the IoT Edge config gives edgeHub's certificate: \(expectedNames.joined(separator: ", "))")
            }
            return check
        case TLSVerifyCode.certificateHasExpired:
            let expired = report.servedChain.filter { $0.notAfter < now }
            let first = expired.first ?? leaf
            let which = first.map { $0 == leaf ? "edgeHub's certificate" : "\($0.subject) in the chain" } ?? "a certificate in the chain"
            return CheckResult(
                id: .tlsVerify, title: "\(which) expired\(first.map { " on \(day($0.notAfter))" } ?? "")", status: .error,
                details: [codeLine] + expired.map { "\($0.subject): valid \(day($0.notBefore)) to \(day($0.notAfter))" } + ["this machine's clock: \(day(now))"],
                fix: "certGen.sh certificates last 30 days: create a new edge CA (and root, if it expired too), run `sudo iotedge config apply`, and restart edgeHub (`sudo iotedge restart edgeHub`). If the clock is wrong, fix it instead (`sudo timedatectl set-ntp true`).")
        case TLSVerifyCode.certificateNotYetValid:
            let early = report.servedChain.filter { $0.notBefore > now }
            let first = early.first ?? leaf
            return CheckResult(
                id: .tlsVerify, title: "\(first == leaf ? "edgeHub's certificate" : "a certificate in the chain") is not valid until \(first.map { day($0.notBefore) } ?? "later")",
                status: .error,
                details: [codeLine] + early.map { "\($0.subject): valid from \(day($0.notBefore))" } + ["this machine's clock: \(day(now))"],
                fix: "One of the clocks is wrong: compare `date -u` here and on the gateway, and enable NTP (`sudo timedatectl set-ntp true`); or the certificate was issued with a future start date.")
        default:
            return CheckResult(
                id: .tlsVerify, title: "edgeHub's certificate chain does not verify: \(report.verifyText ?? "code \(code)")", status: .error,
                details: [codeLine],
                fix: "Compare with `openssl s_client -connect \(request.host):\(request.port) -servername \(request.host) -verify_hostname \(request.host)\(request.caFile.map { " -CAfile \($0)" } ?? "") -verify_return_error` and fix the certificate it names.")
        }
    }

    /// SAN DNS and IP entries and the subject CN: every name hostname verification might look at.
    public static func certificateNames(_ certificate: CertificateSummary) -> [String] {
        var names = certificate.subjectAlternativeNames.compactMap { entry -> String? in
            if entry.hasPrefix("DNS:") { return String(entry.dropFirst(4)) }
            if entry.hasPrefix("IP Address:") { return String(entry.dropFirst(11)) }
            return nil
        }
        if let commonName = commonName(of: certificate.subject), !names.contains(commonName) {
            names.append(commonName)
        }
        return names
    }

    /// `CN=gw01,O=Plant` → `gw01`.
    static func commonName(of subject: String) -> String? {
        subject.split(separator: ",").lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("CN=") }
            .map { String($0.dropFirst(3)) }
    }

    // MARK: - Wording

    /// `2026-11-27 02:07 UTC`.
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC",
                      parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    static func days(_ count: Int) -> String {
        count == 1 ? "1 day" : "\(count) days"
    }

    static func secondsText(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
