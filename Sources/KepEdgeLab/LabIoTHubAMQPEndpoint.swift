import CQpidProton
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// The lab IoT Hub's AMQPS endpoint (Proton as a server, TLS with the lab's CA), behaving as the real one on
/// the path `az iot hub monitor-events` takes (cloud-side.md Part A):
/// - IoT Hub's host (`lab-hub.azure-devices.net`): SASL PLAIN checked against the policy keys; a receiver on
///   `messages/events` is attached and at once detached with `amqp:link:redirect` naming the namespace host,
///   port and `amqps://<ns>:<port>/<entity>/$management` (the real frame: https://github.com/Azure/iothub-explorer/issues/57).
/// - the Event Hub-compatible host: SASL ANONYMOUS, CBS `put-token` on `$cbs` checked as Event Hubs checks it
///   (401 for a wrong key, an expired token or another audience), the `$management` READ of the partitions,
///   and partition receivers that honour the enqueued-time, sequence-number and offset filters and get every
///   message `publish` was given.
/// Both names are served on one port; the TLS SNI and AMQP open hostname tell them apart, as DNS does in Azure.
public final class LabIoTHubAMQPEndpoint: @unchecked Sendable {
    public let hubHost: String
    public let namespaceHost: String
    public let entityPath: String
    public let port: Int
    /// Trust this to reach the endpoint (its certificate names both hosts and 127.0.0.1).
    public let caFile: String
    public var partitionIDs: [String] { partitions.ids }

    public static let consumerGroups: Set<String> = ["$Default"]

    private let keys: [String: SharedAccessKey]
    private let partitions = LabEventHubPartitions()
    private let certificates: LabCertificates
    private let loop = ProtonLoop()
    private let checker: LabAMQPSASL.Checker
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    /// Connections with partition receivers, woken when a message is published (`pn_connection_wake` is the
    /// one call that is safe from another thread).
    private var subscribed: Set<OpaquePointer> = []
    /// Connections `dropReaders` asked to close, closed on the loop thread when woken.
    private var dropping: Set<OpaquePointer> = []
    private var state = ServerState()

    /// The names IoT Hub gives its built-in endpoint: a `…servicebus.windows.net` namespace and an
    /// `iothub-ehub-<hub>-<n>-<hex>` entity (portal connection strings, read-builtin page).
    public static func start(hubHost: String, policies: [String: SharedAccessKey], directory: String) async throws -> LabIoTHubAMQPEndpoint {
        let hubName = hubHost.split(separator: ".").first.map(String.init) ?? hubHost
        let namespaceHost = "ihsuprodlab\(hubName.filter(\.isLetter))001dednamespace.servicebus.windows.net"
        let certificates = try await LabCertificates.offCooperativePool {
            try LabCertificates.makeChain(in: directory, names: [hubHost, namespaceHost, "localhost"])
        }
        let port = try LoopbackPort.free()
        let endpoint = LabIoTHubAMQPEndpoint(hubHost: hubHost, namespaceHost: namespaceHost, entityPath: "iothub-ehub-\(hubName)-1234567-0a1b2c3d4e",
                                             port: port, keys: policies, certificates: certificates)
        try endpoint.listen()
        return endpoint
    }

    private init(hubHost: String, namespaceHost: String, entityPath: String, port: Int, keys: [String: SharedAccessKey], certificates: LabCertificates) {
        self.hubHost = hubHost
        self.namespaceHost = namespaceHost
        self.entityPath = entityPath
        self.port = port
        self.keys = keys
        self.certificates = certificates
        self.caFile = certificates.caFile
        let hubName = hubHost.split(separator: ".").first.map(String.init) ?? hubHost
        self.checker = LabAMQPSASL.Checker { user, password in
            LabIoTHubAMQPEndpoint.plainAccepted(user: user, password: password, hubHost: hubHost, hubName: hubName, keys: keys, now: Date())
        }
    }

    /// The Event Hub-compatible target as the redirect names it.
    public var target: EventHubTarget { EventHubTarget(host: namespaceHost, port: port, entityPath: entityPath) }

    /// The built-in endpoint's connection string, as the portal shows it.
    public func connectionString(policy: String) -> Secret? {
        keys[policy].map { target.connectionString(policyName: policy, key: $0) }
    }

    /// A message edgeHub forwarded upstream for `deviceID`, enqueued now (or at `date`: several in one
    /// millisecond, as a busy hub enqueues them).
    public func publish(deviceID: String, body: Data, enqueuedAt date: Date = Date()) {
        partitions.append(deviceID: deviceID, body: body, at: date)
        lock.withLock {
            for connection in subscribed { pn_connection_wake(connection) }
        }
    }

    /// Closes every connection that reads a partition with `amqp:connection:forced` ("an operator intervened",
    /// AMQP 1.0 §2.8.16), as a service closes connections when it moves a partition or is upgraded;
    /// Azure/azure-sdk-for-js `core-amqp` `errors.ts` marks it retryable. Readers reconnect and resume.
    public func dropReaders() {
        lock.withLock {
            dropping.formUnion(subscribed)
            for connection in subscribed { pn_connection_wake(connection) }
        }
    }

    public func stop() {
        loop.interrupt()
        finished.wait()
        finished.signal()
    }

    // MARK: SASL PLAIN on the hub host

    /// `<policy>@sas.root.<hubname>` and an IoT Hub SAS token (base64-decoded key) for the hub host, unexpired.
    static func plainAccepted(user: String, password: String, hubHost: String, hubName: String, keys: [String: SharedAccessKey], now: Date) -> Bool {
        let suffix = "@sas.root.\(hubName)"
        guard user.lowercased().hasSuffix(suffix.lowercased()) else { return false }
        let policy = String(user.dropLast(suffix.count))
        guard let key = keys[policy], let token = try? SASToken(parsing: password), token.policyName == policy,
              let resource = token.encodedResourceURI.removingPercentEncoding, resource.lowercased().hasPrefix(hubHost.lowercased()),
              token.expiryEpoch > Int(now.timeIntervalSince1970) else { return false }
        let expected = SASToken.generate(resourceURI: resource, key: key, expiry: token.expiryEpoch, policyName: policy)
        return expected.value == token.value || expected.value.revealed == password.trimmingCharacters(in: .whitespaces)
    }

    // MARK: The loop

    private func listen() throws {
        let opened = DispatchSemaphore(value: 0)
        let failure = LabAMQPListenFailure()
        pn_proactor_listen(loop.proactor, pn_listener(), "127.0.0.1:\(port)", 16)
        let thread = Thread { [self] in
            var listening = false
            _ = loop.run(deadline: nil) { event in
                switch pn_event_type(event) {
                case PN_LISTENER_OPEN:
                    listening = true
                    opened.signal()
                case PN_LISTENER_CLOSE:
                    if !listening {
                        failure.text = ProtonLoop.condition(pn_listener_condition(pn_event_listener(event))).map { "\($0.name): \($0.description)" } ?? "closed"
                        opened.signal()
                        return false
                    }
                case PN_LISTENER_ACCEPT:
                    accept(pn_event_listener(event))
                default:
                    handle(event)
                }
                return true
            }
            finished.signal()
        }
        thread.name = "kepedge-lab-amqp"
        thread.start()
        opened.wait()
        if let failure = failure.text { throw LabError("the lab's AMQP endpoint could not listen on 127.0.0.1:\(port): \(failure)") }
    }

    private func accept(_ listener: OpaquePointer) {
        let transport: OpaquePointer = pn_transport()
        pn_transport_set_server(transport)
        LabAMQPSASL.install(on: transport, checker: checker)
        let domain: OpaquePointer = pn_ssl_domain(PN_SSL_MODE_SERVER)
        pn_ssl_domain_set_credentials(domain, certificates.certificateFile, certificates.keyFile, nil)
        pn_ssl_init(pn_ssl(transport), domain, nil)
        pn_ssl_domain_free(domain)
        pn_listener_accept2(listener, nil, transport)
    }

    private func handle(_ event: OpaquePointer) {
        switch pn_event_type(event) {
        case PN_CONNECTION_REMOTE_OPEN:
            let connection: OpaquePointer = pn_event_connection(event)
            pn_connection_set_container(connection, "lab-iothub")
            pn_connection_open(connection)
        case PN_SESSION_REMOTE_OPEN:
            pn_session_open(pn_event_session(event))
        case PN_LINK_REMOTE_OPEN:
            attach(pn_event_link(event))
        case PN_LINK_FLOW:
            let link: OpaquePointer = pn_event_link(event)
            if pn_link_is_sender(link) { pump(link) }
        case PN_DELIVERY:
            let delivery: OpaquePointer = pn_event_delivery(event)
            let link: OpaquePointer = pn_delivery_link(delivery)
            if pn_link_is_receiver(link) {
                if let message = state.reader.read(delivery) { request(message, on: link) }
                if pn_link_credit(link) < 5 { pn_link_flow(link, 10) }
            } else if pn_delivery_remote_state(delivery) != 0 {
                pn_delivery_settle(delivery)
            }
        case PN_CONNECTION_WAKE:
            let connection: OpaquePointer = pn_event_connection(event)
            if lock.withLock({ dropping.remove(connection) != nil }) {
                let condition = pn_connection_condition(connection)
                pn_condition_set_name(condition, "amqp:connection:forced")
                pn_condition_set_description(condition, "The service closed the connection; reconnect.")
                pn_connection_close(connection)
                break
            }
            for link in state.subscriptions.keys where pn_link_session(link).map({ pn_session_connection($0) }) == connection { pump(link) }
        case PN_LINK_REMOTE_CLOSE:
            let link: OpaquePointer = pn_event_link(event)
            state.subscriptions[link] = nil
            pn_link_close(link)
        case PN_CONNECTION_REMOTE_CLOSE:
            pn_connection_close(pn_event_connection(event))
        case PN_TRANSPORT_CLOSED:
            let transport: OpaquePointer = pn_event_transport(event)
            guard let connection = pn_transport_connection(transport) else { break }
            lock.withLock {
                subscribed.remove(connection)
                dropping.remove(connection)
            }
            state.forget(connection)
        default: break
        }
    }

    private func remoteHost(_ connection: OpaquePointer) -> String {
        pn_connection_remote_hostname(connection).map { String(cString: $0) }?.lowercased() ?? ""
    }

    private func saslUser(_ connection: OpaquePointer) -> String? {
        guard let transport = pn_connection_transport(connection) else { return nil }
        return pn_sasl_get_user(pn_sasl(transport)).map { String(cString: $0) }
    }

    private func attach(_ link: OpaquePointer) {
        guard let session = pn_link_session(link), let connection = pn_session_connection(session) else { return }
        pn_terminus_copy(pn_link_source(link), pn_link_remote_source(link))
        pn_terminus_copy(pn_link_target(link), pn_link_remote_target(link))
        let source = ProtonLinks.address(pn_link_remote_source(link))
        let target = ProtonLinks.address(pn_link_remote_target(link))
        let host = remoteHost(connection)
        pn_link_open(link)

        if host == hubHost.lowercased() {
            // IoT Hub's host: only the events path, only after SASL PLAIN; then the redirect.
            guard let user = saslUser(connection), user != "anonymous" else {
                return refuse(link, "amqp:unauthorized-access", "Unauthorized: SASL PLAIN with a policy's SAS token is required")
            }
            guard pn_link_is_sender(link), source.contains("/messages/events") else {
                return refuse(link, "amqp:not-found", "The messaging entity '\(source)' could not be found.")
            }
            return redirect(link)
        }
        guard host == namespaceHost.lowercased() else {
            return refuse(link, "amqp:not-found", "The host '\(host)' is not served here.")
        }
        if pn_link_is_receiver(link) {
            // The client's request senders: `$cbs` always, `$management` once a token is in.
            pn_link_flow(link, 10)
            return
        }
        if source == "$cbs" || source == "$management" {
            state.replyLinks[connection, default: [:]][source] = link
            return
        }
        guard state.authorised.contains(connection) else {
            return refuse(link, "amqp:unauthorized-access",
                          "Unauthorized access. 'Listen' claim(s) are required to perform this operation.")
        }
        guard let (consumerGroup, partition) = partitionAddress(source) else {
            return refuse(link, "amqp:not-found", "The messaging entity '\(source)' could not be found.")
        }
        guard Self.consumerGroups.contains(consumerGroup) else {
            return refuse(link, "amqp:not-found", "The messaging entity '\(entityPath)/ConsumerGroups/\(consumerGroup)' could not be found.")
        }
        let filterMap = AMQPValue.read(pn_terminus_filter(pn_link_remote_source(link)))
        var filter: HubEventFilter?
        if case .described(_, let value)? = filterMap[HubEventFilter.filterName], let expression = value.text {
            filter = HubEventFilter(parsing: expression)
            if filter == nil {
                return refuse(link, "amqp:invalid-field", "The filter expression '\(expression)' is not supported.")
            }
        }
        _ = target
        let (next, remaining) = partitions.start(partition: partition, filter: filter)
        state.subscriptions[link] = .init(partition: partition, next: next, filter: remaining)
        lock.withLock { _ = subscribed.insert(connection) }
        pump(link)
    }

    /// `<entity>/ConsumerGroups/<cg>/Partitions/<id>`, with or without `amqps://<host>/`.
    private func partitionAddress(_ source: String) -> (String, Int)? {
        var path = Substring(source)
        if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...]
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = path[path.index(after: slash)...]
        }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 5, parts[0].lowercased() == entityPath, parts[1].lowercased() == "consumergroups",
              parts[3].lowercased() == "partitions", let index = partitions.ids.firstIndex(of: parts[4]) else { return nil }
        return (parts[2], index)
    }

    private func redirect(_ link: OpaquePointer) {
        let condition = pn_link_condition(link)
        kepedge_pn_condition_set(condition, "amqp:link:redirect", "The link has been redirected to the Event Hub-compatible endpoint.")
        AMQPValue.map([
            AMQPMapEntry(key: .symbol("hostname"), value: .string(namespaceHost)),
            AMQPMapEntry(key: .symbol("network-host"), value: .string(namespaceHost)),
            AMQPMapEntry(key: .symbol("port"), value: .ushort(UInt16(port))),
            AMQPMapEntry(key: .symbol("address"), value: .string("amqps://\(namespaceHost):\(port)/\(entityPath)/$management")),
        ]).write(to: pn_condition_info(condition))
        pn_link_close(link)
    }

    private func refuse(_ link: OpaquePointer, _ name: String, _ description: String) {
        kepedge_pn_condition_set(pn_link_condition(link), name, description)
        pn_link_close(link)
    }

    // MARK: Requests on $cbs and $management

    private func request(_ message: AMQPMessage, on link: OpaquePointer) {
        guard let session = pn_link_session(link), let connection = pn_session_connection(session) else { return }
        let node = ProtonLinks.address(pn_link_remote_target(link))
        let properties = message.applicationProperties
        var status: Int32 = 200
        var description = "OK"
        var body = AMQPValue.null
        switch (node, properties["operation"]?.text) {
        case ("$cbs", "put-token"):
            let audience = properties["name"]?.text ?? ""
            let token = message.body.text ?? ""
            if !audience.lowercased().contains("://\(namespaceHost.lowercased())/") {
                status = 401
                description = EventHubsSASToken.Refusal.wrongAudience(audience).statusDescription
            } else if let refusal = EventHubsSASToken.verify(token, audience: audience, keys: keys, now: Date()) {
                status = refusal.statusCode
                description = refusal.statusDescription
            } else {
                state.authorised.insert(connection)
            }
        case ("$management", "READ") where state.authorised.contains(connection):
            guard properties["name"]?.text?.lowercased() == entityPath else {
                status = 404
                description = "The messaging entity '\(properties["name"]?.text ?? "")' could not be found."
                break
            }
            body = .map([
                AMQPMapEntry(key: .string("name"), value: .string(entityPath)),
                AMQPMapEntry(key: .string("type"), value: .string("com.microsoft:eventhub")),
                AMQPMapEntry(key: .string("created_at"), value: .timestamp(Int64(Date().timeIntervalSince1970 * 1000))),
                AMQPMapEntry(key: .string("partition_count"), value: .int32(Int32(partitions.ids.count))),
                AMQPMapEntry(key: .string("partition_ids"), value: .stringArray(partitions.ids)),
            ])
        case ("$management", _):
            status = 401
            description = "Unauthorized access. 'Manage' or 'Listen' claim(s) are required to perform this operation."
        default:
            status = 400
            description = "The operation '\(properties["operation"]?.text ?? "")' is not supported on '\(node)'."
        }
        guard let reply = state.replyLinks[connection]?[node], pn_link_credit(reply) > 0 else { return }
        let answer = AMQPMessage(correlationID: message.id, applicationProperties: .map([
            AMQPMapEntry(key: .string("status-code"), value: .int32(status)),
            AMQPMapEntry(key: .string("status-description"), value: .string(description)),
        ]), body: body)
        if let delivery = answer.send(on: reply, tag: state.nextTag()) { pn_delivery_settle(delivery) }
    }

    // MARK: Partition receivers

    /// Sends what the receiver has credit for and no more (AMQP 1.0 §2.6.7 flow control: a sender sends at most
    /// link-credit messages); the rest wait in the partition, as Event Hubs keeps them, until a flow grants more.
    /// The messages carry the annotations IoT Hub adds.
    private func pump(_ link: OpaquePointer) {
        guard var subscription = state.subscriptions[link] else { return }
        let credit = Int(pn_link_credit(link))
        guard credit > 0 else { return }
        let events = partitions.events(partition: subscription.partition, from: subscription.next, filter: subscription.filter, limit: credit)
        for event in events {
            let message = AMQPMessage(annotations: .map([
                AMQPMapEntry(key: .symbol("iothub-connection-device-id"), value: .string(event.deviceID)),
                AMQPMapEntry(key: .symbol("iothub-connection-auth-method"),
                             value: .string(#"{"scope":"device","type":"sas","issuer":"iothub","acceptingIpFilterRule":null}"#)),
                AMQPMapEntry(key: .symbol("iothub-connection-auth-generation-id"), value: .string("638000000000000000")),
                AMQPMapEntry(key: .symbol("iothub-enqueuedtime"), value: .timestamp(event.enqueuedMilliseconds)),
                AMQPMapEntry(key: .symbol("iothub-message-source"), value: .string("Telemetry")),
                AMQPMapEntry(key: .symbol("x-opt-sequence-number"), value: .int(event.sequenceNumber)),
                AMQPMapEntry(key: .symbol("x-opt-offset"), value: .string(String(event.offset))),
                AMQPMapEntry(key: .symbol("x-opt-enqueued-time"), value: .timestamp(event.enqueuedMilliseconds)),
            ]), body: .binary(event.body))
            // Pre-settled: a monitor reads, it does not complete messages (Event Hubs has no per-message lock).
            if let delivery = message.send(on: link, tag: state.nextTag()) { pn_delivery_settle(delivery) }
            subscription.next = event.sequenceNumber + 1
        }
        state.subscriptions[link] = subscription
    }
}

/// Why listening failed, written on the loop thread before the starter is signalled.
private final class LabAMQPListenFailure: @unchecked Sendable {
    var text: String?
}

/// What the endpoint's loop thread keeps (touched only on that thread).
private struct ServerState {
    struct Subscription {
        var partition: Int
        var next: Int64
        var filter: HubEventFilter?
    }

    let reader = ProtonDeliveryReader()
    var subscriptions: [OpaquePointer: Subscription] = [:]
    var authorised: Set<OpaquePointer> = []
    var replyLinks: [OpaquePointer: [String: OpaquePointer]] = [:]
    private var tag: UInt64 = 0

    mutating func nextTag() -> UInt64 {
        tag += 1
        return tag
    }

    mutating func forget(_ connection: OpaquePointer) {
        authorised.remove(connection)
        replyLinks[connection] = nil
        subscriptions = subscriptions.filter { link, _ in pn_link_session(link).map { pn_session_connection($0) } != connection }
    }
}
