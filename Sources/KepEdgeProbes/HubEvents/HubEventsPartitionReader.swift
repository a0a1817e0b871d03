import CQpidProton
import Foundation
import KepEdgeCore

/// Steps 2 and 3 of `az iot hub monitor-events`, on one connection to the Event Hub-compatible host (the CLI
/// opens one for the metadata and another to receive; one is enough, the token being scoped to the connection):
/// SASL ANONYMOUS, CBS `put-token` on `$cbs` (cloud-side.md A.4; azure-uamqp-c `cbs.c`), the `$management`
/// READ of the partitions (A.6; azure-iot-cli-extension `azext_iot/monitor/builders/_common.py` `query_meta_data`),
/// then one receiver per partition with the enqueued-time filter (A.7; `azext_iot/monitor/telemetry.py`).
/// Returns only on a failure or when interrupted; events go to `report` as they arrive. Credit follows the
/// `gate`: a link is given credit only for room downstream, so a slow consumer slows the hub, not memory.
final class HubEventsPartitionReader {
    private let request: HubEventsRequest
    private let target: EventHubTarget
    private let dialPort: Int
    private let gate: HubEventsFlowGate
    private let report: (HubEventsUpdate) -> Void
    /// Per partition, the position after the last event seen, so that a reconnect resumes where reading stopped.
    private(set) var resumeAfter: [String: HubEventFilter]

    private enum Request: UInt64 { case putToken = 1, readPartitions = 2 }

    private var connection: OpaquePointer?
    private var session: OpaquePointer?
    private var cbsSender: OpaquePointer?
    private var cbsReceiver: OpaquePointer?
    private var managementSender: OpaquePointer?
    private var managementReceiver: OpaquePointer?
    private var partitionLinks: [OpaquePointer: String] = [:]
    /// Each partition link's credit window (`credit`, less when the gate cannot hold that much per partition).
    private var window: Int32 = HubEventsPartitionReader.credit
    /// Partition links left without credit because the gate was full, first come first refilled.
    private var starved: [OpaquePointer] = []
    private var tokenPending = true
    private var readPending = false
    private var listening = false
    private var refreshDue: Date = .distantFuture
    private var nextRequestID: UInt64 = 10
    private let reader = ProtonDeliveryReader()
    private var failure: HubEventsFailure?

    /// Credit per partition: the CLI's prefetch, 0 turned into 300 by uamqp (`uamqp/client.py`).
    static let credit: Int32 = 300

    init(request: HubEventsRequest, target: EventHubTarget, resumeAfter: [String: HubEventFilter], gate: HubEventsFlowGate,
         report: @escaping (HubEventsUpdate) -> Void) {
        self.request = request
        self.target = target
        self.dialPort = request.dialHost == nil ? target.port : request.port
        self.resumeAfter = resumeAfter
        self.gate = gate
        self.report = report
    }

    private var step: String { "the Event Hub-compatible endpoint (\(target.host):\(dialPort))" }

    /// nil when interrupted; otherwise why reading stopped.
    func run(loop: ProtonLoop) -> HubEventsFailure? {
        // The wake names this connection, which the proactor frees once it closes or the loop goes.
        defer { gate.cancelWake() }
        let endpoint = ProtonLoop.Endpoint(serverName: target.host, port: dialPort, dialHost: request.dialHost, caFile: request.caFile)
        connection = loop.connect(endpoint, sasl: .anonymous, containerID: "kepedge/\(KepEdgeVersion.current)/\(UUID().uuidString.lowercased())")
        let started = Date()
        // Until the receivers are attached every step has the deadline; then reading goes on until stopped.
        var stop = ProtonLoop.Stop.finished
        stop = loop.run(deadline: started.addingTimeInterval(Double(request.stepTimeoutSeconds)), handle: handleUntilClosed) { [self] in
            !listening
        }
        if stop == .timedOut {
            return .timedOut(step: tokenPending ? "CBS put-token at \(step)" : "the partition list at \(step)", seconds: request.stepTimeoutSeconds)
        }
        if stop == .interrupted { return nil }
        if let failure { return failure }
        stop = loop.run(deadline: nil, handle: handleUntilClosed) { [self] in
            if Date() >= refreshDue, let connection { pn_connection_wake(connection) }
            return true
        }
        if stop == .interrupted { return nil }
        return failure ?? .closed(condition: "stopped", detail: "")
    }

    /// `handle`, dropping the gate's wake before the batch that closes the connection is done (which may free it).
    private func handleUntilClosed(_ event: OpaquePointer) -> Bool {
        let goOn = handle(event)
        if !goOn { gate.cancelWake() }
        return goOn
    }

    private func handle(_ event: OpaquePointer) -> Bool {
        switch pn_event_type(event) {
        case PN_CONNECTION_INIT:
            let connection: OpaquePointer = pn_event_connection(event)
            pn_connection_open(connection)
            let session: OpaquePointer = pn_session(connection)
            pn_session_open(session)
            self.session = session
            // azure-uamqp-c names the pair `$cbs-sender`/`$cbs-receiver`, source and target the node (`cbs.c`).
            cbsSender = ProtonLinks.openSender(session, name: "$cbs-sender", target: "$cbs")
            cbsReceiver = ProtonLinks.openReceiver(session, name: "$cbs-receiver", source: "$cbs", credit: 10)
        case PN_LINK_FLOW:
            let link: OpaquePointer = pn_event_link(event)
            if link == cbsSender, tokenPending, pn_link_credit(link) > 0 { putToken(on: link) }
            if link == managementSender, readPending, pn_link_credit(link) > 0 { readPartitions(on: link) }
        case PN_CONNECTION_WAKE:
            if let cbsSender, pn_link_credit(cbsSender) > 0, Date() >= refreshDue { putToken(on: cbsSender) }
            refillStarved()
        case PN_DELIVERY:
            let delivery: OpaquePointer = pn_event_delivery(event)
            let link: OpaquePointer = pn_delivery_link(delivery)
            guard pn_link_is_receiver(link), let message = reader.read(delivery) else { break }
            if link == cbsReceiver { return tokenReply(message) }
            if link == managementReceiver { return partitionsReply(message) }
            if let partition = partitionLinks[link] {
                received(message, partition: partition)
                if pn_link_credit(link) <= window / 2, !starved.contains(link) { topUp(link) }
            }
        case PN_LINK_REMOTE_CLOSE:
            let link: OpaquePointer = pn_event_link(event)
            let (name, description) = ProtonLoop.condition(pn_link_remote_condition(link)) ?? ("amqp:link:detach-forced", "the link closed")
            failure = linkFailure(name: name, description: description, link: link)
            return false
        case PN_CONNECTION_REMOTE_CLOSE:
            let connection: OpaquePointer = pn_event_connection(event)
            let (name, description) = ProtonLoop.condition(pn_connection_remote_condition(connection)) ?? ("", "the connection closed")
            failure = HubEventsFailure.classify(condition: name, description: description, host: target.host, port: dialPort, step: step)
            return false
        case PN_TRANSPORT_CLOSED, PN_TRANSPORT_ERROR:
            let transport: OpaquePointer = pn_event_transport(event)
            let (name, description) = ProtonLoop.condition(pn_transport_condition(transport)) ?? ("", "the connection closed")
            failure = HubEventsFailure.classify(condition: name, description: description, host: target.host, port: dialPort, step: step)
            return false
        default: break
        }
        return true
    }

    /// `put-token`: app-properties `operation`, `type` `servicebus.windows.net:sastoken`, `name` the audience; an
    /// AmqpValue string body holding the token (A.4).
    private func putToken(on sender: OpaquePointer) {
        let expiry = Int(Date().timeIntervalSince1970) + request.tokenLifetimeSeconds
        let token = EventHubsSASToken.generate(audience: target.audience, policyName: request.owner.policyName, key: request.owner.key, expiry: expiry)
        let message = AMQPMessage(id: Request.putToken.rawValue, applicationProperties: .stringMap([
            "operation": "put-token", "type": "servicebus.windows.net:sastoken", "name": target.audience,
        ]), body: .string(token.revealed))
        message.send(on: sender, tag: nextTag())
        tokenPending = false
        refreshDue = Date().addingTimeInterval(Double(request.tokenLifetimeSeconds) * 0.8)
    }

    /// `READ` of `com.microsoft:eventhub` with an empty body (A.6).
    private func readPartitions(on sender: OpaquePointer) {
        let message = AMQPMessage(id: Request.readPartitions.rawValue, applicationProperties: .stringMap([
            "name": target.entityPath, "operation": "READ", "type": "com.microsoft:eventhub",
        ]))
        message.send(on: sender, tag: nextTag())
        readPending = false
    }

    private func tokenReply(_ message: AMQPMessage) -> Bool {
        let status = message.applicationProperties["status-code"]?.integer ?? 0
        let description = message.applicationProperties["status-description"]?.text ?? ""
        guard (200..<300).contains(status) else {
            failure = status == 401 ? .unauthorized(step: "CBS put-token", detail: description)
                : .closed(condition: "put-token status \(status)", detail: description)
            return false
        }
        // The first token opens the management pair; a refreshed one only replaces the token.
        guard managementSender == nil, let session else { return true }
        managementSender = ProtonLinks.openSender(session, name: "$management-sender", target: "$management")
        managementReceiver = ProtonLinks.openReceiver(session, name: "$management-receiver", source: "$management", credit: 10)
        readPending = true
        return true
    }

    private func partitionsReply(_ message: AMQPMessage) -> Bool {
        let status = message.applicationProperties["status-code"]?.integer ?? 0
        let description = message.applicationProperties["status-description"]?.text ?? ""
        guard status < 400 else {
            failure = status == 401 ? .unauthorized(step: "the $management read", detail: description)
                : .noPartitions(detail: "status \(status) \(description)")
            return false
        }
        var ids: [String] = []
        if case .list(let items)? = message.body["partition_ids"] { ids = items.compactMap(\.text) }
        // The CLI falls back to 0..count-1 when `partition_ids` is empty (`_common.py`).
        if ids.isEmpty, let count = message.body["partition_count"]?.integer, count > 0 { ids = (0..<count).map { String($0) } }
        guard !ids.isEmpty, let session else {
            failure = .noPartitions(detail: "partition_count missing or 0")
            return false
        }
        // Every partition's full window fits in the gate, so a starved link always has room coming back.
        window = Int32(max(1, min(Int(Self.credit), gate.capacity / ids.count)))
        for partition in ids {
            let expression = (resumeAfter[partition] ?? HubEventFilter(after: request.from)).expression
            let filter = AMQPValue.map([AMQPMapEntry(key: .symbol(HubEventFilter.filterName),
                                                     value: .described(descriptor: .symbol(HubEventFilter.filterName), value: .string(expression)))])
            let link = ProtonLinks.openReceiver(session, name: "kepedge-partition-\(partition)",
                                                source: target.partitionAddress(consumerGroup: request.consumerGroup, partition: partition),
                                                filter: filter, credit: 0)
            partitionLinks[link] = partition
            topUp(link)
        }
        listening = true
        report(.listening(partitions: ids))
        return true
    }

    // MARK: Credit

    /// Fills `link`'s credit up to the window, as far as the gate has room. A link left with none waits in
    /// `starved`, and the gate wakes the connection once the consumer has read enough for half a window.
    private func topUp(_ link: OpaquePointer) {
        let credit = pn_link_credit(link)
        let room = Int32(gate.room(besides: creditGranted()))
        let added = min(window - credit, room)
        if added > 0 { pn_link_flow(link, added) }
        guard credit + max(added, 0) <= 0 else { return }
        if !starved.contains(link) { starved.append(link) }
        // Held at most this many, the gate has room for half a window beside the credit other links still hold.
        let limit = max(0, gate.capacity - creditGranted() - max(1, Int(window) / 2))
        nonisolated(unsafe) let connection = connection
        gate.wake(whenHeldAtMost: limit) { if let connection { pn_connection_wake(connection) } }
    }

    /// After a wake: the starved links in order, each as far as room goes (those left re-arm the wake).
    private func refillStarved() {
        let waiting = starved
        starved = []
        for link in waiting { topUp(link) }
    }

    /// Credit given on the partition links and not yet used.
    private func creditGranted() -> Int {
        partitionLinks.keys.reduce(0) { $0 + max(0, Int(pn_link_credit($1))) }
    }

    private func received(_ message: AMQPMessage, partition: String) {
        var annotations: [String: HubEventMessage.Annotation] = [:]
        if case .map(let entries) = message.annotations {
            for entry in entries {
                guard let key = entry.key.text else { continue }
                switch entry.value {
                case .string(let text), .symbol(let text): annotations[key] = .text(text)
                case .timestamp(let value): annotations[key] = .timestamp(value)
                case .int(let value): annotations[key] = .integer(value)
                case .uint(let value): annotations[key] = .integer(Int64(clamping: value))
                default: annotations[key] = .other("\(entry.value)")
                }
            }
        }
        let body: Data
        switch message.body {
        case .binary(let data): body = data
        case .string(let text): body = Data(text.utf8)
        default: body = Data()
        }
        let event = HubEventMessage(partition: partition, annotations: annotations, body: body, contentType: message.contentType)
        if let position = HubEventFilter.resuming(after: event) { resumeAfter[partition] = position }
        if let device = request.device, event.deviceID != device { return }
        report(.message(event))
    }

    private func linkFailure(name: String, description: String, link: OpaquePointer) -> HubEventsFailure {
        if name == "amqp:unauthorized-access" || name == "com.microsoft:auth-failed" {
            return .unauthorized(step: "attaching \(ProtonLinks.name(link))", detail: description)
        }
        return .closed(condition: name, detail: description)
    }

    private func nextTag() -> UInt64 {
        nextRequestID += 1
        return nextRequestID
    }
}
