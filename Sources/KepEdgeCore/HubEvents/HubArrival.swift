import Foundation

/// What reading IoT Hub's built-in endpoint showed for one device: the cloud's own word that its messages
/// arrive, and how long they took (Kepware's timestamp to IoT Hub's enqueued time). Folded from the
/// reader's updates, the same way in the wizard (step 6's "Hub" row) and in `kepedge check` (`hub-arrival`).
public struct HubArrival: Equatable, Sendable {
    public var device: String
    /// When the partition receivers were attached (nil: not yet listening).
    public var listeningSince: Date?
    public var partitions = 0
    /// The device's messages seen since listening (other devices' and modules' are not counted).
    public var count = 0
    public var lastEnqueued: Date?
    /// End-to-end latencies in seconds of the last messages that carried Kepware's timestamp (at most `keptLatencies`).
    public var latencies: [Double] = []
    /// Messages that were not Kepware's standard template (no timestamp to measure from).
    public var withoutTimestamp = 0
    /// The last failure, cleared when the reader listens again; `retrying` says whether it tries again.
    public var failure: HubEventsFailure?
    public var retrying = false

    public static let keptLatencies = 100

    public init(device: String) {
        self.device = device
    }

    /// Folds one update from the reader.
    public mutating func record(_ update: HubEventsUpdate, now: Date) {
        switch update {
        case .redirected:
            break
        case .listening(let partitions):
            if listeningSince == nil { listeningSince = now }
            self.partitions = partitions.count
            failure = nil
            retrying = false
        case .message(let message):
            guard message.deviceID == device, message.moduleID?.isEmpty ?? true else { return }
            count += 1
            lastEnqueued = message.enqueuedTime ?? now
            if case .standard(let timestamp, _) = KepwarePayload.decode(message.body),
               let seconds = HubEventDecoding.latencySeconds(from: timestamp, to: message.enqueuedTime) {
                latencies.append(seconds)
                if latencies.count > Self.keptLatencies { latencies.removeFirst(latencies.count - Self.keptLatencies) }
            } else {
                withoutTimestamp += 1
            }
        case .failed(let failure, let retry):
            self.failure = failure
            retrying = retry != nil
        }
    }

    /// The slowest latency seen, nil when no message carried a timestamp.
    public var slowest: Double? { latencies.max() }

    /// The connection pane's "Hub" row, at most 14 columns: `12 in, 850 ms`, `listening`, `401 owner`.
    public var paneText: String {
        if count > 0 {
            let latency = latencies.last.map { ", " + HubEventDecoding.latencyText(seconds: $0) } ?? ""
            return "\(count) in\(latency)"
        }
        if let failure { return failure.shortText }
        return listeningSince == nil ? "connecting" : "listening"
    }
}

extension HubEventsFailure {
    /// A few words for the connection pane.
    public var shortText: String {
        switch self {
        case .nameNotResolved: "no DNS name"
        case .portBlocked: "5671 blocked"
        case .tlsFailed: "TLS failed"
        case .unauthorized: "401 owner"
        case .noRedirect: "no redirect"
        case .noPartitions: "no partitions"
        case .timedOut: "timed out"
        case .closed: "closed"
        }
    }
}
