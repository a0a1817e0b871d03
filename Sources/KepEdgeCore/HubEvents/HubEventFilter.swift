import Foundation

/// The selector filter a partition receiver carries so that only events after a position arrive.
///
/// A position is an enqueued time, a sequence number or an offset, as Event Hubs' `EventPosition` has it.
/// `az iot hub monitor-events` sends `amqp.annotation.x-opt-enqueuedtimeutc > <ms>`, unquoted, "now" by default
/// (Azure/azure-iot-cli-extension `azext_iot/monitor/telemetry.py`); the Event Hubs SDKs write
/// `amqp.annotation.x-opt-enqueued-time > '<ms>'`, `amqp.annotation.x-opt-sequence-number > '<n>'` and
/// `amqp.annotation.x-opt-offset > '<offset>'`, each with `>=` when inclusive (Azure/azure-sdk-for-js
/// `eventPosition.ts` `getEventPositionFilter`; Microsoft's `iot-hub-amqp-support.md`). Every form is read
/// here; the key and descriptor is the symbol `apache.org:selector-filter:string` (Azure/azure-uamqp-python
/// `uamqp/constants.py` `STRING_FILTER`).
public struct HubEventFilter: Equatable, Sendable {
    public static let filterName = "apache.org:selector-filter:string"

    /// The annotation a position is measured on.
    public enum Field: Equatable, Sendable {
        /// `x-opt-enqueued-time`, milliseconds since the epoch.
        case enqueuedTime
        /// `x-opt-sequence-number`: one per event, in order and without gaps, in each partition.
        case sequenceNumber
        /// `x-opt-offset`: the event's place in the partition's stream. `-1` is its start.
        case offset
    }

    public var field: Field
    /// The position on `field`; for `offset`, `nil` is `@latest` (only events enqueued after the link opens).
    public var position: Int64?
    /// `>=` instead of `>`.
    public var inclusive = false

    public init(field: Field, position: Int64?, inclusive: Bool = false) {
        self.field = field
        self.position = position
        self.inclusive = inclusive
    }

    public init(afterMilliseconds: Int64, inclusive: Bool = false) {
        self.init(field: .enqueuedTime, position: afterMilliseconds, inclusive: inclusive)
    }

    public init(after date: Date) {
        self.init(afterMilliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// After the event with this sequence number: where a reader that lost its connection picks up again.
    /// Unlike a time, it cannot skip events enqueued in the same millisecond as the last one read.
    public init(afterSequenceNumber: Int64) {
        self.init(field: .sequenceNumber, position: afterSequenceNumber)
    }

    /// Where a partition's reader picks up after `event`: its sequence number, or, if IoT Hub sent none, its
    /// enqueued time (which would skip others enqueued in the same millisecond). Nil when it has neither.
    public static func resuming(after event: HubEventMessage) -> HubEventFilter? {
        if let sequence = event.sequenceNumber { return HubEventFilter(afterSequenceNumber: sequence) }
        return event.enqueuedMilliseconds.map { HubEventFilter(afterMilliseconds: $0) }
    }

    /// Enqueued-time positions as the CLI writes them; sequence numbers and offsets as the SDKs do.
    public var expression: String {
        let comparison = inclusive ? ">=" : ">"
        switch field {
        case .enqueuedTime: return "amqp.annotation.x-opt-enqueuedtimeutc \(comparison) \(position ?? 0)"
        case .sequenceNumber: return "amqp.annotation.x-opt-sequence-number \(comparison) '\(position ?? -1)'"
        case .offset: return "amqp.annotation.x-opt-offset \(comparison) '\(position.map(String.init) ?? "@latest")'"
        }
    }

    private static let names: [(String, Field)] = [
        ("amqp.annotation.x-opt-enqueuedtimeutc", .enqueuedTime), ("amqp.annotation.x-opt-enqueued-time", .enqueuedTime),
        ("amqp.annotation.x-opt-sequence-number", .sequenceNumber), ("amqp.annotation.x-opt-offset", .offset),
    ]

    /// Reads any of the forms; nil for any other expression.
    public init?(parsing expression: String) {
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        guard let (name, field) = Self.names.first(where: { trimmed.hasPrefix($0.0) }) else { return nil }
        var rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix(">=") { inclusive = true; rest.removeFirst(2) } else if rest.hasPrefix(">") { rest.removeFirst() } else { return nil }
        var value = rest.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = String(value.dropFirst().dropLast()) }
        self.field = field
        if field == .offset, value == "@latest" {
            position = nil
        } else {
            guard let number = Int64(value) else { return nil }
            position = number
        }
    }

    /// Whether an event at these positions passes. An `@latest` offset admits nothing already enqueued: the
    /// partition applies it when the link opens (`LabEventHubPartitions`), not event by event.
    public func admits(sequenceNumber: Int64, offset: Int64, enqueuedMilliseconds: Int64) -> Bool {
        guard let position else { return false }
        let value: Int64
        switch field {
        case .enqueuedTime: value = enqueuedMilliseconds
        case .sequenceNumber: value = sequenceNumber
        case .offset: value = offset
        }
        return inclusive ? value >= position : value > position
    }
}
