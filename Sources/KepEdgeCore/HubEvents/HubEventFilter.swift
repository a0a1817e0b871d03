import Foundation

/// The selector filter a partition receiver carries so that only events enqueued after a moment arrive.
///
/// `az iot hub monitor-events` sends `amqp.annotation.x-opt-enqueuedtimeutc > <ms>`, unquoted, "now" by default
/// (Azure/azure-iot-cli-extension `azext_iot/monitor/telemetry.py`); the Event Hubs SDKs and Microsoft's IoT
/// doc use `amqp.annotation.x-opt-enqueued-time > '<ms>'` (Azure/azure-sdk-for-js `eventPosition.spec.ts`,
/// `iot-hub-amqp-support.md`). Both are read here; the key and descriptor is the symbol
/// `apache.org:selector-filter:string` (Azure/azure-uamqp-python `uamqp/constants.py` `STRING_FILTER`).
public struct HubEventFilter: Equatable, Sendable {
    public static let filterName = "apache.org:selector-filter:string"

    /// Events enqueued after this instant (milliseconds since the epoch).
    public var afterMilliseconds: Int64
    /// `>=` instead of `>`.
    public var inclusive = false

    public init(afterMilliseconds: Int64, inclusive: Bool = false) {
        self.afterMilliseconds = afterMilliseconds
        self.inclusive = inclusive
    }

    public init(after date: Date) {
        self.init(afterMilliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// The expression as the CLI writes it.
    public var expression: String {
        "amqp.annotation.x-opt-enqueuedtimeutc \(inclusive ? ">=" : ">") \(afterMilliseconds)"
    }

    /// Reads either form; nil for any other expression (offsets and sequence numbers are not used here).
    public init?(parsing expression: String) {
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        let names = ["amqp.annotation.x-opt-enqueuedtimeutc", "amqp.annotation.x-opt-enqueued-time"]
        guard let name = names.first(where: { trimmed.hasPrefix($0) }) else { return nil }
        var rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix(">=") { inclusive = true; rest.removeFirst(2) } else if rest.hasPrefix(">") { rest.removeFirst() } else { return nil }
        var value = rest.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = String(value.dropFirst().dropLast()) }
        guard let milliseconds = Int64(value) else { return nil }
        afterMilliseconds = milliseconds
    }

    public func admits(enqueuedMilliseconds: Int64) -> Bool {
        inclusive ? enqueuedMilliseconds >= afterMilliseconds : enqueuedMilliseconds > afterMilliseconds
    }
}
