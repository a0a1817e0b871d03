import Foundation
import KepEdgeCore
import KepEdgeProbes

/// The lab Kepware's IoT Gateway: runs each enabled MQTT Client agent for real over libmosquitto
/// (`MQTTSession`), with the agent's URL, client id, username and password, trusting only the root CAs
/// the engineer "imported" into the lab's Kepware trust folder. It publishes the standard template for
/// `SimulatedTags` at the agent's rate and writes Kepware's event-log lines: the documented
/// `MQTT agent '<name>' is connected to broker '<url>'`, and Warnings naming the agent on failures.
///
/// An agent is stopped when it is disabled, replaced when it is changed, and all stop with `stopAll()`.
public actor MQTTAgentRunner: KepwareAgentRunner {
    /// Writes one Kepware event-log entry: severity (`Information`, `Warning`) and message.
    public typealias EventLogSink = @Sendable (_ event: String, _ message: String) async -> Void

    private struct RunningAgent {
        let session: MQTTSession
        let events: Task<Void, Never>
        let publisher: Task<Void, Never>
        let counters: AgentCounters
    }

    private let trustFolder: String
    private let connectTimeoutSeconds: Double
    private let reconnect: ReconnectBackoff
    private var sink: EventLogSink?
    private var running: [String: RunningAgent] = [:]

    /// - Parameters:
    ///   - trustFolder: the "Trusted Root Certification Authorities" of the Kepware host: every `.pem`/`.crt` in it.
    ///   - reconnect: how soon a failed agent tries again (the IoT Gateway keeps retrying too).
    public init(trustFolder: String, connectTimeoutSeconds: Double = 5,
                reconnect: ReconnectBackoff = ReconnectBackoff(initialSeconds: 2, maximumSeconds: 20)) {
        self.trustFolder = trustFolder
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.reconnect = reconnect
    }

    /// Where the event-log lines go (the fake Kepware's event log); set once the fake is up.
    public func attach(eventLog sink: @escaping EventLogSink) {
        self.sink = sink
    }

    public func agentChanged(name: String, properties: [String: JSONValue]) async -> KepwareAgentRunOutcome {
        await stop(agent: name)
        guard properties[KepwarePropertyKey.enabled] != .bool(false) else { return .silent }
        let agent: AgentConnection
        do {
            agent = try AgentConnection(name: name, properties: properties, caBundle: try trustBundle(),
                                        connectTimeoutSeconds: connectTimeoutSeconds)
        } catch {
            return .failed(error.description)
        }
        start(agent)
        // The outcome comes later, asynchronously, as real Kepware's does: the event log says it.
        return .silent
    }

    public func agentDisabled(name: String) async {
        await stop(agent: name)
    }

    /// Stops every agent (DISCONNECT, then the session ends within its disconnect timeout).
    public func stopAll() async {
        for name in running.keys.sorted() { await stop(agent: name) }
    }

    /// Messages the broker acknowledged for `agent` since it was (re)started.
    public func acknowledgedMessages(agent: String) -> Int {
        running[agent]?.counters.acknowledged ?? 0
    }

    /// Whether `agent` is connected now.
    public func isConnected(agent: String) -> Bool {
        running[agent]?.counters.connected ?? false
    }

    private func stop(agent name: String) async {
        guard let agent = running.removeValue(forKey: name) else { return }
        agent.publisher.cancel()
        agent.session.stop()
        await agent.events.value
    }

    private func start(_ agent: AgentConnection) {
        let session = MQTTSession(request: agent.request, reconnect: reconnect)
        let counters = AgentCounters()
        let sink = self.sink
        let events = Task {
            var lastProblem: String?
            for await event in session.events {
                guard let line = agent.eventLogLine(for: event, counters: counters) else { continue }
                // Kepware retries quietly; one line per distinct problem keeps the log readable.
                if line.event == "Warning" {
                    if line.message == lastProblem { continue }
                    lastProblem = line.message
                } else {
                    lastProblem = nil
                }
                await sink?(line.event, line.message)
            }
        }
        let rate = agent.rateMilliseconds
        let publisher = Task {
            let tags = SimulatedTags()
            var tick = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(rate))
                if Task.isCancelled { break }
                guard counters.connected else { continue }
                session.publish(tags.standardTemplatePayload(tick: tick, now: Date()))
                tick += 1
            }
        }
        running[agent.name] = RunningAgent(session: session, events: events, publisher: publisher, counters: counters)
        session.start()
    }

    /// Every certificate in the trust folder, in one bundle file next to it (libmosquitto takes one CA file).
    private func trustBundle() throws(AgentConfigurationError) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: trustFolder)) ?? [])
            .filter { $0.hasSuffix(".pem") || $0.hasSuffix(".crt") || $0.hasSuffix(".cer") }.sorted()
        var bundle = Data()
        for name in names {
            if let data = FileManager.default.contents(atPath: "\(trustFolder)/\(name)") { bundle.append(data); bundle.append(0x0A) }
        }
        guard !bundle.isEmpty else {
            throw AgentConfigurationError("no trusted root CA is installed on the Kepware host (\(trustFolder) is empty): TLS to the broker cannot be verified")
        }
        let path = trustFolder + ".bundle.pem"
        do { try AtomicFileWriter.write(bundle, to: path, mode: 0o644) } catch {
            throw AgentConfigurationError("the trusted root CAs could not be read: \(error.description)")
        }
        return path
    }
}

/// Why an agent's settings cannot be run; becomes the Warning in the event log.
struct AgentConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Shared between an agent's event task and its publisher task.
final class AgentCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var isConnected = false
    private var acknowledgedCount = 0

    var connected: Bool {
        get { lock.withLock { isConnected } }
        set { lock.withLock { isConnected = newValue } }
    }
    var acknowledged: Int { lock.withLock { acknowledgedCount } }
    func countAcknowledged() { lock.withLock { acknowledgedCount += 1 } }
}

/// One agent's settings turned into a connection request, and its events into Kepware's wording.
struct AgentConnection: Sendable {
    let name: String
    let url: String
    let request: MQTTConnectRequest
    let rateMilliseconds: Int

    init(name: String, properties: [String: JSONValue], caBundle: String, connectTimeoutSeconds: Double) throws(AgentConfigurationError) {
        typealias Key = KepwarePropertyKey
        self.name = name
        url = properties[Key.url]?.stringValue ?? ""
        let lowered = url.lowercased()
        let secure = lowered.hasPrefix("ssl://") || lowered.hasPrefix("tls://")
        guard secure || lowered.hasPrefix("tcp://") else {
            throw AgentConfigurationError("the broker URL '\(url)' is not tcp://host:port or ssl://host:port")
        }
        let rest = url.drop(while: { $0 != "/" }).dropFirst(2)
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...].prefix(while: \.isNumber)),
              (1...65_535).contains(port), colon != rest.startIndex else {
            throw AgentConfigurationError("the broker URL '\(url)' has no host and port")
        }
        let host = String(rest[..<colon])
        let qos = MQTTQoS(rawValue: properties[Key.qos].flatMap { if case .int(let q) = $0 { q } else { nil } } ?? 1) ?? .atLeastOnce
        if case .int(let rate)? = properties[Key.rateMilliseconds] { rateMilliseconds = max(rate, 10) } else { rateMilliseconds = 10_000 }
        let password = properties[Key.password]?.stringValue ?? ""
        request = MQTTConnectRequest(
            host: host, port: port, clientID: properties[Key.clientID]?.stringValue ?? "",
            username: properties[Key.username]?.stringValue ?? "", password: password.isEmpty ? nil : Secret(password),
            transport: secure ? .tls(caFile: caBundle) : .plainTCP,
            topic: properties[Key.topic]?.stringValue ?? "", qos: qos,
            connectTimeoutSeconds: connectTimeoutSeconds, publishTimeoutSeconds: 10)
    }

    /// The event-log entry for a session event, if Kepware would write one. Only the connected line's wording
    /// is documented (kepware.md §2); failures are Warnings that name the agent and the broker URL.
    func eventLogLine(for event: MQTTSessionEvent, counters: AgentCounters) -> (event: String, message: String)? {
        let prefix = "MQTT agent '\(name)'"
        switch event {
        case .connected:
            counters.connected = true
            return ("Information", KepwareEventLogEntry.connectedMessage(agent: name, url: url))
        case .refused(let diagnosis):
            return ("Warning", "\(prefix) could not connect to broker '\(url)': connection refused, \(diagnosis.name) (CONNACK \(diagnosis.code))")
        case .tlsFailed(let detail):
            return ("Warning", "\(prefix) could not connect to broker '\(url)': TLS handshake failed: \(detail)")
        case .connectFailed(let detail):
            return ("Warning", "\(prefix) could not connect to broker '\(url)': \(detail)")
        case .connectTimedOut(let seconds):
            return ("Warning", "\(prefix) could not connect to broker '\(url)': no answer within \(Int(seconds)) s")
        case .disconnected(let detail):
            counters.connected = false
            return ("Warning", "\(prefix) lost its connection to broker '\(url)': \(detail)")
        case .published:
            counters.countAcknowledged()
            return nil
        case .publishTimedOut(_, let seconds):
            return ("Warning", "\(prefix) publish to broker '\(url)' was not acknowledged within \(Int(seconds)) s")
        case .publishFailed(let detail):
            return ("Warning", "\(prefix) publish to broker '\(url)' failed: \(detail)")
        default:
            return nil
        }
    }
}
