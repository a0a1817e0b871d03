import CQpidProton
import Foundation

/// An AMQP message as this code reads and writes it: the sections it uses, as plain values.
package struct AMQPMessage: Sendable, Equatable {
    package var id: UInt64?
    package var correlationID: UInt64?
    package var replyTo: String?
    package var contentType: String?
    package var applicationProperties: AMQPValue = .null
    package var annotations: AMQPValue = .null
    /// An AmqpValue body (a CBS token, a management reply map), or `.binary` for a data section.
    package var body: AMQPValue = .null

    package init(id: UInt64? = nil, correlationID: UInt64? = nil, replyTo: String? = nil, contentType: String? = nil,
                 applicationProperties: AMQPValue = .null, annotations: AMQPValue = .null, body: AMQPValue = .null) {
        self.id = id
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.contentType = contentType
        self.applicationProperties = applicationProperties
        self.annotations = annotations
        self.body = body
    }

    /// Sends on `sender` (which must have credit). A `.binary` body goes as a data section, anything else as
    /// an AmqpValue (`pn_message_set_inferred(false)`, Part C).
    @discardableResult
    package func send(on sender: OpaquePointer, tag: UInt64) -> OpaquePointer? {
        let message: OpaquePointer = pn_message()
        defer { pn_message_free(message) }
        if let id { pn_message_set_id(message, kepedge_pn_ulong_id(id)) }
        if let correlationID { pn_message_set_correlation_id(message, kepedge_pn_ulong_id(correlationID)) }
        if let replyTo { pn_message_set_reply_to(message, replyTo) }
        if let contentType { pn_message_set_content_type(message, contentType) }
        if applicationProperties != .null { applicationProperties.write(to: pn_message_properties(message)) }
        if annotations != .null { annotations.write(to: pn_message_annotations(message)) }
        if case .binary = body {
            pn_message_set_inferred(message, true)
        } else {
            pn_message_set_inferred(message, false)
        }
        if body != .null { body.write(to: pn_message_body(message)) }
        var tagValue = tag
        let delivery = withUnsafeBytes(of: &tagValue) { raw in
            pn_delivery(sender, pn_dtag(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count))
        }
        _ = pn_message_send(message, sender, nil)
        return delivery
    }

    /// Decodes a complete delivery's bytes; nil when Proton cannot.
    package static func decode(_ bytes: [CChar]) -> AMQPMessage? {
        let message: OpaquePointer = pn_message()
        defer { pn_message_free(message) }
        guard pn_message_decode(message, bytes, bytes.count) == 0 else { return nil }
        var decoded = AMQPMessage()
        let id = kepedge_pn_id_ulong(pn_message_get_id(message))
        decoded.id = id == UInt64.max ? nil : id
        let correlation = kepedge_pn_id_ulong(pn_message_get_correlation_id(message))
        decoded.correlationID = correlation == UInt64.max ? nil : correlation
        decoded.replyTo = pn_message_get_reply_to(message).map { String(cString: $0) }
        decoded.contentType = pn_message_get_content_type(message).map { String(cString: $0) }
        decoded.applicationProperties = AMQPValue.read(pn_message_properties(message))
        decoded.annotations = AMQPValue.read(pn_message_annotations(message))
        decoded.body = AMQPValue.read(pn_message_body(message))
        return decoded
    }
}

/// Reads whole messages off receiver links, across partial deliveries, and settles them.
package final class ProtonDeliveryReader {
    private var partial: [OpaquePointer: [CChar]] = [:]

    package init() {}

    /// The message when `delivery` is complete (accepted and settled), nil while more is to come.
    package func read(_ delivery: OpaquePointer) -> AMQPMessage? {
        guard pn_delivery_readable(delivery) else { return nil }
        let link: OpaquePointer = pn_delivery_link(delivery)
        let pending = pn_delivery_pending(delivery)
        var buffer = partial[delivery] ?? []
        if pending > 0 {
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: pending))
            let read = buffer.withUnsafeMutableBufferPointer { pn_link_recv(link, $0.baseAddress! + start, pending) }
            if read < 0 { buffer.removeLast(pending) } else if read < pending { buffer.removeLast(pending - read) }
        }
        if pn_delivery_partial(delivery) {
            partial[delivery] = buffer
            return nil
        }
        partial[delivery] = nil
        let message = AMQPMessage.decode(buffer)
        pn_delivery_update(delivery, message == nil ? kepedge_pn_rejected() : kepedge_pn_accepted())
        pn_delivery_settle(delivery)
        return message
    }
}

/// Link set-up shared by the client and the lab's endpoint.
package enum ProtonLinks {
    /// A receiver (of the local end) on `source`, with credit; `filter` goes in the source's filter map.
    package static func openReceiver(_ session: OpaquePointer, name: String, source: String, target: String? = nil,
                                     filter: AMQPValue? = nil, credit: Int32) -> OpaquePointer {
        let link: OpaquePointer = pn_receiver(session, name)
        pn_terminus_set_address(pn_link_source(link), source)
        pn_terminus_set_address(pn_link_target(link), target ?? source)
        if let filter { filter.write(to: pn_terminus_filter(pn_link_source(link))) }
        pn_link_open(link)
        pn_link_flow(link, credit)
        return link
    }

    /// A sender to `target`.
    package static func openSender(_ session: OpaquePointer, name: String, target: String) -> OpaquePointer {
        let link: OpaquePointer = pn_sender(session, name)
        pn_terminus_set_address(pn_link_source(link), target)
        pn_terminus_set_address(pn_link_target(link), target)
        pn_link_open(link)
        return link
    }

    package static func name(_ link: OpaquePointer) -> String {
        pn_link_name(link).map { String(cString: $0) } ?? ""
    }

    package static func address(_ terminus: OpaquePointer?) -> String {
        terminus.flatMap { pn_terminus_get_address($0) }.map { String(cString: $0) } ?? ""
    }
}
