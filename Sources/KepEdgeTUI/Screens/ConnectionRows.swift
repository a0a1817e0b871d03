import Foundation
import KepEdgeCore

/// The connection pane's rows from the wizard's `ConnectionPane`: TLS (endpoint, verify code and text,
/// protocol, chain, certificate days left), MQTT (phase, CONNACK, PUBACK round trip), SAS time left.
enum ConnectionRows {
    static func rows(_ state: Wizard.State) -> [ConnectionPaneView.Row] {
        tls(state.connection.tls, now: state.now) + mqtt(state.connection) + sas(state.connection.tokenExpiry, now: state.now)
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
            let name = leaf.subject.split(separator: ",").first.map(String.init) ?? leaf.subject
            rows.append(.init("Chain", "\(report.servedChain.count) cert: \(name)"))
            let days = leaf.daysLeft(at: now)
            rows.append(.init("Cert", days < 0 ? "expired \(-days) days ago" : "\(days) days left",
                              status: days < 0 ? .error : days < 30 ? .warning : .ok))
        }
        return rows
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
        let text = left < 0 ? "expired \(DurationWording.describe(-left)) ago" : "\(DurationWording.describe(left)) left"
        return [.init("SAS", text, status: left < 0 ? .error : left < SASStep.expiryWarning ? .warning : .ok)]
    }
}
