import CMosquitto
import Foundation
import KepEdgeCore

/// A long-lived MQTT 3.1.1 client (libmosquitto) that reports what happens as `events` and reconnects with a
/// capped, jittered backoff. Nothing blocks the caller: the client lives on its own thread, and every wait
/// there (connect, CONNACK, PUBACK, disconnect) is bounded by the request's timeouts.
///
/// Each connection attempt gets a fresh libmosquitto client, created and destroyed on the session thread,
/// so a half-open socket is simply closed, and no callback can outlive the state it writes to.
public final class MQTTSession: Sendable {
    /// Ends with `.stopped` after `stop()`, or when the session gives up (no backoff, or the CA file is unusable).
    public let events: AsyncStream<MQTTSessionEvent>
    let core: MQTTSessionCore

    /// - Parameter reconnect: nil connects once (the probe); otherwise the wait schedule between attempts.
    public convenience init(request: MQTTConnectRequest, reconnect: ReconnectBackoff? = ReconnectBackoff()) {
        self.init(request: request, reconnect: reconnect, lookUp: Resolver.lookUp)
    }

    /// `lookUp` is the name lookup run before each connection (injectable so tests can make it hang).
    init(request: MQTTConnectRequest, reconnect: ReconnectBackoff?,
         lookUp: @escaping @Sendable (String) -> (addresses: [String], error: String?)) {
        let (stream, continuation) = AsyncStream<MQTTSessionEvent>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        let core = MQTTSessionCore(request: request, reconnect: reconnect, lookUp: lookUp, continuation: continuation)
        continuation.onTermination = { _ in core.requestStop() }
        self.events = stream
        self.core = core
    }

    /// Starts the session thread; call once.
    public func start() {
        let core = self.core
        let thread = Thread { core.run() }
        thread.name = "kepedge-mqtt"
        thread.start()
    }

    /// Queues a message; the outcome arrives as `.published`, `.publishTimedOut` or `.publishFailed`.
    public func publish(_ payload: Data, topic: String? = nil) {
        core.enqueue(MQTTSessionCore.Outgoing(topic: topic ?? core.request.topic, payload: payload))
    }

    /// The `.stopped` reason of a stop nobody explained (the stream's consumer went away, `deinit`).
    public static let stopAsked = "disconnected as asked"

    /// Events dropped so far because `events` was not read fast enough (its buffer keeps the newest 1024).
    public var droppedEvents: Int { core.droppedEvents }

    /// Asks the session to disconnect and end; returns at once (the stream ends within the disconnect timeout).
    /// `reason` is what its last event, `.stopped`, says happened (the message pane shows it).
    public func stop(reason: String = MQTTSession.stopAsked) {
        core.requestStop(reason: reason)
    }

    deinit {
        core.requestStop()
    }
}

/// The session's state. Fields under `lock` are shared with callers; the rest belong to the session thread,
/// where libmosquitto also runs the callbacks (inside `mosquitto_loop`).
final class MQTTSessionCore: @unchecked Sendable {
    struct Outgoing {
        let topic: String
        let payload: Data
    }

    private enum AttemptOutcome {
        case stopped, failed, refused, lost, fatal(String)
    }

    let request: MQTTConnectRequest
    private let reconnect: ReconnectBackoff?
    private let lookUp: @Sendable (String) -> (addresses: [String], error: String?)
    private let continuation: AsyncStream<MQTTSessionEvent>.Continuation

    private let lock = NSLock()
    private var stopRequested = false
    private var stopReason = MQTTSession.stopAsked
    private var outgoing: [Outgoing] = []
    private var dropped = 0
    /// Set before `start()` (then only read): every event goes here, on the session thread, instead of into
    /// `events`. A monitor turns each message into its row right there, without a hop through another task.
    var sink: (@Sendable (MQTTSessionEvent) -> Void)?

    // Session thread only.
    private var attemptStart = ContinuousClock.now
    private var isConnected = false
    private var refusal: Int32?
    private var lostReported = false
    private var lastErrorLog: String?
    private var inFlight: [Int32: (topic: String, sent: ContinuousClock.Instant)] = [:]

    init(request: MQTTConnectRequest, reconnect: ReconnectBackoff?,
         lookUp: @escaping @Sendable (String) -> (addresses: [String], error: String?),
         continuation: AsyncStream<MQTTSessionEvent>.Continuation) {
        self.request = request
        self.reconnect = reconnect
        self.lookUp = lookUp
        self.continuation = continuation
    }

    func requestStop(reason: String = MQTTSession.stopAsked) {
        lock.withLock {
            if !stopRequested { stopReason = reason }
            stopRequested = true
        }
    }

    private var isStopRequested: Bool { lock.withLock { stopRequested } }

    func enqueue(_ message: Outgoing) {
        lock.withLock { outgoing.append(message) }
    }

    private func takeOutgoing() -> [Outgoing] {
        lock.withLock {
            defer { outgoing.removeAll() }
            return outgoing
        }
    }

    var droppedEvents: Int { lock.withLock { dropped } }

    fileprivate func emit(_ event: MQTTSessionEvent) {
        if let sink {
            sink(event)
            return
        }
        if case .dropped = continuation.yield(event) {
            lock.withLock { dropped += 1 }
        }
    }

    func run() {
        MosquittoLibrary.ensureInitialized()
        var attempt = 0
        var backoffStep = 0
        var reason: String?
        while !isStopRequested {
            emit(.connecting(attempt: attempt, host: request.host, port: request.port))
            let outcome = connectOnce()
            if case .stopped = outcome { break }
            if case .fatal(let why) = outcome { reason = "session ended: \(why)"; break }
            guard let reconnect else { reason = "session ended (it does not reconnect)"; break }
            if case .lost = outcome { backoffStep = 0 }
            let delay = reconnect.delay(attempt: backoffStep, random: Double.random(in: 0..<1))
            emit(.reconnectScheduled(attempt: attempt + 1, seconds: delay))
            if !sleep(seconds: delay) { break }
            attempt += 1
            backoffStep += 1
        }
        emit(.stopped(reason: reason ?? lock.withLock { stopReason }))
        continuation.finish()
        sink = nil  // it holds the session that holds this core
    }

    /// Sleeps in short slices; false when a stop was requested meanwhile.
    private func sleep(seconds: Double) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        while ContinuousClock.now < deadline {
            if isStopRequested { return false }
            usleep(50_000)
        }
        return !isStopRequested
    }

    private func connectOnce() -> AttemptOutcome {
        isConnected = false
        refusal = nil
        lostReported = false
        lastErrorLog = nil
        inFlight = [:]
        // Messages queued while disconnected are not carried over: the probe's result is per connection.
        _ = takeOutgoing()

        let box = Unmanaged.passUnretained(self).toOpaque()  // `run()` keeps self alive until the client is destroyed
        guard let client = mosquitto_new(request.clientID, true, box) else {
            return .fatal("libmosquitto could not create a client (out of memory)")
        }
        defer { mosquitto_destroy(client) }
        mosquitto_int_option(client, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311)
        installCallbacks(on: client)
        if mosquitto_username_pw_set(client, request.username, request.password?.revealed) != MOSQ_ERR_SUCCESS.rawValue {
            return .fatal("libmosquitto refused the username or password (too long or not UTF-8)")
        }
        if case .tls(let caFile) = request.transport {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                emit(.tlsFailed(detail: "the CA file \(caFile) cannot be read"))
                return .fatal("the CA file cannot be read")
            }
            let set = mosquitto_tls_set(client, caFile, nil, nil, nil, nil)
            guard set == MOSQ_ERR_SUCCESS.rawValue else {
                emit(.tlsFailed(detail: "the CA file \(caFile) was not accepted: \(MosquittoLibrary.describe(set))"))
                return .fatal("the CA file was not accepted")
            }
            mosquitto_tls_opts_set(client, 1 /* SSL_VERIFY_PEER */, nil, nil)
            mosquitto_tls_insecure_set(client, false)  // hostname verification stays on
        }

        // The connect timeout covers the name lookup too: libmosquitto's own lookup is synchronous and unbounded.
        attemptStart = ContinuousClock.now
        let seconds = request.connectTimeoutSeconds
        switch BoundedLookup.lookUp(request.host, timeout: .milliseconds(Int(seconds * 1000)),
                                    shouldStop: { isStopRequested }, using: lookUp) {
        case .resolved:
            break
        case .failed(let why):
            emit(.connectFailed(detail: "the name \(request.host) does not resolve: \(why)"))
            return .failed
        case .timedOut:
            emit(.connectFailed(detail: "the name \(request.host) was not resolved within \(MQTTSessionCore.format(seconds)) s (is a DNS server reachable?)"))
            return .failed
        case .stopped:
            return .stopped
        }
        let started = mosquitto_connect_async(client, request.host, Int32(request.port), Int32(request.keepAliveSeconds))
        if started != MOSQ_ERR_SUCCESS.rawValue {
            // On loopback the TLS handshake can run, and fail, inside the connect call itself.
            emitFailureBeforeConnack(started)
            return .failed
        }
        return pump(client)
    }

    /// Runs the client until the connection ends, a timeout passes, or a stop is requested.
    private func pump(_ client: OpaquePointer) -> AttemptOutcome {
        let connectDeadline = attemptStart.advanced(by: .milliseconds(Int(request.connectTimeoutSeconds * 1000)))
        while true {
            if isStopRequested {
                if isConnected { disconnect(client) }
                return .stopped
            }
            if isConnected { sendQueued(client) }
            let result = mosquitto_loop(client, 100, 1)
            expireInFlight()
            if refusal != nil { return .refused }
            if result != MOSQ_ERR_SUCCESS.rawValue {
                if isConnected || lostReported {
                    if !lostReported { emit(.disconnected(detail: describe(result))) }
                    return .lost
                }
                emitFailureBeforeConnack(result)
                return .failed
            }
            if !isConnected, ContinuousClock.now > connectDeadline {
                emit(.connectTimedOut(seconds: request.connectTimeoutSeconds))
                return .failed
            }
        }
    }

    /// A connection that ended before any CONNACK: a TLS failure (with OpenSSL's words from the log) or not.
    private func emitFailureBeforeConnack(_ result: Int32) {
        if result == MOSQ_ERR_TLS.rawValue || result == MOSQ_ERR_TLS_HANDSHAKE.rawValue || (lastErrorLog?.contains("SSL") ?? false) {
            emit(.tlsFailed(detail: lastErrorLog.map(Self.tlsDetail) ?? describe(result)))
        } else {
            emit(.connectFailed(detail: describe(result) + " before a CONNACK"))
        }
    }

    private func sendQueued(_ client: OpaquePointer) {
        for message in takeOutgoing() {
            var messageID: Int32 = 0
            let sent = message.payload.withUnsafeBytes { bytes in
                mosquitto_publish(client, &messageID, message.topic, Int32(bytes.count), bytes.baseAddress,
                                  Int32(request.qos.rawValue), false)
            }
            if sent == MOSQ_ERR_SUCCESS.rawValue {
                inFlight[messageID] = (message.topic, ContinuousClock.now)
            } else {
                emit(.publishFailed(detail: describe(sent)))
            }
        }
    }

    private func expireInFlight() {
        let limit = Duration.milliseconds(Int(request.publishTimeoutSeconds * 1000))
        for (messageID, entry) in inFlight where ContinuousClock.now - entry.sent > limit {
            inFlight[messageID] = nil
            emit(.publishTimedOut(messageID: Int(messageID), seconds: request.publishTimeoutSeconds))
        }
    }

    /// Sends DISCONNECT and gives the socket `disconnectTimeoutSeconds` to close.
    private func disconnect(_ client: OpaquePointer) {
        mosquitto_disconnect(client)
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(request.disconnectTimeoutSeconds * 1000)))
        while isConnected, ContinuousClock.now < deadline {
            if mosquitto_loop(client, 50, 1) != MOSQ_ERR_SUCCESS.rawValue { break }
        }
    }

    private func describe(_ code: Int32) -> String {
        if code == MOSQ_ERR_ERRNO.rawValue { return String(cString: strerror(errno)) }
        if code == MOSQ_ERR_EAI.rawValue { return "the host name \(request.host) does not resolve" }
        return MosquittoLibrary.describe(code)
    }

    /// `OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed` → `certificate verify failed`.
    /// Seconds as a person writes them: 10, 0.5.
    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e9 ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }

    static func tlsDetail(_ log: String) -> String {
        guard let range = log.range(of: "::", options: .backwards) ?? log.range(of: ":", options: .backwards) else { return log }
        let tail = log[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return tail.isEmpty ? log : tail
    }

    // MARK: Callbacks (run inside mosquitto_loop on the session thread)

    fileprivate func connackArrived(_ code: Int32) {
        let milliseconds = (ContinuousClock.now - attemptStart).inMilliseconds
        if code == 0 {
            isConnected = true
            emit(.connected(milliseconds: milliseconds))
        } else {
            refusal = code
            emit(.refused(ConnackDiagnosis.diagnose(code: Int(code), context: request.diagnosisContext, now: Date())))
        }
    }

    fileprivate func subscribeAfterConnect(_ client: OpaquePointer) {
        guard !request.subscriptions.isEmpty else { return }
        for topic in request.subscriptions {
            let result = mosquitto_subscribe(client, nil, topic, Int32(min(request.qos.rawValue, 1)))
            if result != MOSQ_ERR_SUCCESS.rawValue { emit(.publishFailed(detail: "subscribe to \(topic): \(describe(result))")) }
        }
    }

    fileprivate func connectionClosed(_ code: Int32) {
        guard isConnected else { return }
        isConnected = false
        lostReported = true
        if !isStopRequested {
            emit(.disconnected(detail: code == 0 ? "closed" : describe(code)))
        }
    }

    fileprivate func acknowledged(_ messageID: Int32) {
        guard let entry = inFlight.removeValue(forKey: messageID) else { return }
        emit(.published(messageID: Int(messageID), topic: entry.topic, milliseconds: (ContinuousClock.now - entry.sent).inMilliseconds))
    }

    fileprivate func logged(level: Int32, _ text: String) {
        if level & Int32(MOSQ_LOG_ERR) != 0 { lastErrorLog = text }
    }

    private func installCallbacks(on client: OpaquePointer) {
        mosquitto_connect_callback_set(client) { client, box, code in
            guard let box, let client else { return }
            let core = Unmanaged<MQTTSessionCore>.fromOpaque(box).takeUnretainedValue()
            core.connackArrived(code)
            guard code == 0 else { return }
            // The log is read only to explain a connection that fails before its CONNACK (OpenSSL's words);
            // from here libmosquitto would format a debug line for every packet (malloc, vsnprintf) to drop it.
            // The next attempt makes a new client with the callback set again.
            mosquitto_log_callback_set(client, nil)
            core.subscribeAfterConnect(client)
        }
        mosquitto_disconnect_callback_set(client) { _, box, code in
            guard let box else { return }
            Unmanaged<MQTTSessionCore>.fromOpaque(box).takeUnretainedValue().connectionClosed(code)
        }
        mosquitto_publish_callback_set(client) { _, box, messageID in
            guard let box else { return }
            Unmanaged<MQTTSessionCore>.fromOpaque(box).takeUnretainedValue().acknowledged(messageID)
        }
        mosquitto_subscribe_callback_set(client) { _, box, _, _, _ in
            guard let box else { return }
            let core = Unmanaged<MQTTSessionCore>.fromOpaque(box).takeUnretainedValue()
            core.emit(.subscribed(topics: core.request.subscriptions))
        }
        mosquitto_message_callback_set(client) { _, box, message in
            guard let box, let message else { return }
            let core = Unmanaged<MQTTSessionCore>.fromOpaque(box).takeUnretainedValue()
            let topic = message.pointee.topic.map { String(cString: $0) } ?? ""
            let length = Int(max(message.pointee.payloadlen, 0))
            let payload = message.pointee.payload.map { Data(bytes: $0, count: length) } ?? Data()
            core.emit(.message(topic: topic, payload: payload))
        }
        mosquitto_log_callback_set(client) { _, box, level, text in
            // Only errors are kept; libmosquitto logs every packet (a line per message received), so the rest
            // return before a String is made.
            guard let box, let text, level & Int32(MOSQ_LOG_ERR) != 0 else { return }
            Unmanaged<MQTTSessionCore>.fromOpaque(box).takeUnretainedValue().logged(level: level, String(cString: text))
        }
    }
}

extension Duration {
    var inMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
