import Foundation

/// One line of a mosquitto broker's log (the lab broker), e.g.
/// `1795744348: New client connected from 127.0.0.1:50000 as kepware-01 (p2, c1, k60, u'hub/kepware-01/?api-version=…').`
/// Parsing never fails: other lines are kept as they are.
public struct MosquittoLogLine: Equatable, Sendable {
    public let time: Date?
    public let message: String
    /// The client id the line is about, when it names one.
    public let clientID: String?
    public let classification: LogClassification?

    /// 9999-12-31T23:59:59Z in seconds since 1970, the last time a log line can carry.
    static let latestTime = 253_402_300_799

    public init(parsing line: String) {
        var rest = LogLineTrimming.trimmed(line)
        var time: Date?
        // A time past 9999-12-31 is no time mosquitto wrote: the line is kept whole, with its time of arrival.
        if let colon = rest.firstIndex(of: ":"), let seconds = Int(rest[..<colon]), (0...MosquittoLogLine.latestTime).contains(seconds) {
            time = Date(timeIntervalSince1970: TimeInterval(seconds))
            rest = rest[rest.index(after: colon)...].drop(while: { $0 == " " })
        }
        let message = String(rest)
        self.time = time
        self.message = message
        (self.classification, self.clientID) = MosquittoLogLine.classify(message)
    }

    public var level: MonitorEvent.Level {
        switch classification {
        case .brokerClientRefused, .brokerTLSError: .error
        case .brokerConnectionLost: .warning
        default: message.hasPrefix("Error") ? .error : (message.hasPrefix("Warning") ? .warning : .info)
        }
    }

    public func monitorEvent(receivedAt: Date) -> MonitorEvent {
        MonitorEvent(time: time ?? receivedAt, source: .broker, level: .of(level, classification: classification), text: message,
                     deviceID: clientID, classification: classification)
    }

    /// Needles are searched on UTF-8 bytes (`UTF8Search`), as edgeHub's lines are: Foundation's `contains` cost
    /// more than the rest of a broker line.
    static func classify(_ message: String) -> (LogClassification?, String?) {
        if message.hasPrefix("New client connected from "), let asRange = message.range(of: " as ") {
            let after = message[asRange.upperBound...]
            let id = after.split(separator: " ", maxSplits: 1).first.map(String.init)
            return (.brokerClientConnected, id)
        }
        if message.hasPrefix("Client ") {
            let client = clientBetween(message, prefix: "Client ")
            if UTF8Search.contains(message, "not authorised") || UTF8Search.contains(message, "not authorized") { return (.brokerClientRefused, client) }
            if UTF8Search.contains(message, "closed its connection") || message.hasSuffix("disconnected.") { return (.brokerClientDisconnected, client) }
            if UTF8Search.contains(message, "has exceeded timeout") || UTF8Search.contains(message, "disconnected due to") { return (.brokerConnectionLost, client) }
        }
        if message.hasPrefix("Socket error on client ") {
            return (.brokerConnectionLost, clientBetween(message, prefix: "Socket error on client "))
        }
        if message.hasPrefix("OpenSSL Error") || UTF8Search.contains(message, "SSL routines") { return (.brokerTLSError, nil) }
        if message.hasPrefix("Received PUBLISH from "), let client = clientBetween(message, prefix: "Received PUBLISH from ") {
            return (.brokerPublishReceived, client)
        }
        // The lab's auth plugin words its lines as edgeHub does ("Client X in device scope not
        // authenticated locally."): read those as edgeHub's, so they mean the same in the pane and in check.
        if let edgeHub = EdgeHubLogLine.classify(message) {
            return (edgeHub, message.hasPrefix("Client ") ? clientBetween(message, prefix: "Client ") : nil)
        }
        return (nil, nil)
    }

    private static func clientBetween(_ message: String, prefix: String) -> String? {
        let after = message.dropFirst(prefix.count)
        guard let word = after.split(separator: " ", maxSplits: 1).first else { return nil }
        var id = String(word)
        while id.hasSuffix(",") || id.hasSuffix(".") { id.removeLast() }
        return id == "<unknown>" || id.isEmpty ? nil : id
    }
}
