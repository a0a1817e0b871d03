import Foundation
import KepEdgeCore

/// The connection pane's rows from the wizard's `ConnectionPane`: TLS (endpoint, verify code and text,
/// protocol, chain, certificate days left), MQTT (phase, CONNACK, PUBACK round trip), SAS time left.
enum ConnectionRows {
    static func rows(_ state: Wizard.State) -> [ConnectionPaneView.Row] {
        tls(state.connection.tls, now: state.now) + mqtt(state.connection) + sas(state.connection.tokenExpiry, now: state.now)
            + flow(state.connection.flow) + hub(state.connection.hubArrival)
    }

    /// IoT Hub's own word (its built-in endpoint, read with step 3's hub-owner connection string): how many of
    /// the device's messages arrived and the last one's latency; no row without that connection string.
    static func hub(_ arrival: HubArrival?) -> [ConnectionPaneView.Row] {
        guard let arrival else { return [] }
        let status: RowStatus
        if arrival.count > 0 {
            status = (arrival.slowest ?? 0) > HubArrivalChecks.lateSeconds ? .warning : .ok
        } else if let failure = arrival.failure {
            status = failure.isWorthRetrying ? .warning : .error
        } else {
            status = .pending
        }
        return [.init("Hub", arrival.paneText, status: status)]
    }

    /// edgeHub's counters for the device (text from Core's `EdgeHubFlow`); no row until two scrapes were read.
    static func flow(_ flow: EdgeHubFlow?) -> [ConnectionPaneView.Row] {
        guard let flow else { return [] }
        let status: RowStatus = switch flow.state {
        case .flowing: flow.queueGrowth > 0 ? .warning : .ok
        case .idle: .warning
        case .stalledUpstream: .error
        }
        return [.init("Flow", flow.paneText, status: status)]
    }

    static func tls(_ report: TLSProbeReport?, now: Date) -> [ConnectionPaneView.Row] {
        guard let report else { return [.init("TLS", "not probed yet", status: .pending)] }
        // Host and port on two rows: a gateway's full name rarely fits beside the port at 80 columns.
        var rows = [ConnectionPaneView.Row("Host", report.request.host),
                    ConnectionPaneView.Row("TLS", "\(report.request.port) \(report.isVerified ? "verified" : "failed")",
                                           status: report.isVerified ? .ok : .error)]
        if let code = report.verifyCode {
            rows.append(.init("Verify", "\(code) \(report.verifyText ?? "")", status: code == 0 ? .ok : .error))
        } else if let failure = report.failure {
            rows.append(.init("Verify", describe(failure), status: .error))
        }
        if let version = report.protocolVersion { rows.append(.init("Proto", version)) }
        if let leaf = report.servedChain.first {
            let count = report.servedChain.count
            rows.append(.init("Chain", "\(count) cert\(count == 1 ? "" : "s")"))
            // The leaf's name only when it is not the host above: then it is the thing to notice.
            let name = commonName(leaf.subject)
            if name.lowercased() != report.request.host.lowercased() { rows.append(.init("Name", name)) }
            let days = leaf.daysLeft(at: now)
            rows.append(.init("Cert", days < 0 ? "expired \(-days)d" : "\(days)d left",
                              status: days < 0 ? .error : days < TLSDiagnosis.expiryWarningDays ? .warning : .ok))
        }
        return rows
    }

    /// The leaf's name as the pane shows it: its CN's value (`localhost`), else its first RDN.
    static func commonName(_ subject: String) -> String {
        let first = subject.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? subject
        return first.hasPrefix("CN=") ? String(first.dropFirst(3)) : first
    }

    /// The two largest units, abbreviated to fit the pane's 14 value columns: `29d 23h`, `5h 2m`, `40s`.
    static func compact(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "forever" }
        var remaining = Int(abs(seconds).rounded(.down))
        let units: [(String, Int)] = [("y", 365 * 86_400), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var parts: [String] = []
        for (name, size) in units where remaining >= size && parts.count < 2 {
            parts.append("\(remaining / size)\(name)")
            remaining %= size
        }
        return parts.isEmpty ? "0s" : parts.joined(separator: " ")
    }

    static func describe(_ failure: TLSFailure) -> String {
        switch failure {
        case .nameDoesNotResolve: return "name does not resolve"
        case .connectionRefused: return "connection refused"
        case .connectTimedOut: return "connect timed out"
        case .handshakeTimedOut: return "handshake timed out"
        case .caFileUnusable: return "CA file unusable"
        case .handshakeFailed: return "handshake failed"
        case .verificationFailed: return "not verified"
        case .networkError: return "network error"
        }
    }

    static func mqtt(_ pane: ConnectionPane) -> [ConnectionPaneView.Row] {
        let phase: ConnectionPaneView.Row = switch pane.mqtt {
        case .idle: .init("MQTT", "not connected yet", status: .pending)
        case .connecting(let attempt): .init("MQTT", "connecting (try \(attempt))", status: .running)
        case .connected: .init("MQTT", "connected", status: .ok)
        case .refused(let code, let headline): .init("MQTT", "refused \(code): \(headline)", status: .error)
        case .failed(let detail): .init("MQTT", detail, status: .error)
        case .disconnected(let detail): .init("MQTT", "disconnected: \(detail)", status: .warning)
        case .waitingToReconnect(let seconds): .init("MQTT", "retry in \(Int(seconds)) s", status: .warning)
        case .stopped: .init("MQTT", "probe ended", status: .ok)
        }
        var rows = [phase]
        if let code = pane.lastConnack { rows.append(.init("CONNACK", code == 0 ? "0 accepted" : "\(code)", status: code == 0 ? .ok : .error)) }
        if let milliseconds = pane.lastPubackMilliseconds { rows.append(.init("PUBACK", "\(Int(milliseconds.rounded())) ms", status: .ok)) }
        return rows
    }

    static func sas(_ expiry: Date?, now: Date) -> [ConnectionPaneView.Row] {
        guard let expiry else { return [] }
        let left = expiry.timeIntervalSince(now)
        let text = left < 0 ? "expired \(compact(-left))" : "\(compact(left)) left"
        return [.init("SAS", text, status: left < 0 ? .error : left < SASStep.expiryWarning ? .warning : .ok)]
    }
}
