import Foundation
import KepEdgeCore

/// The lab's Event Hub-compatible partitions: each message edgeHub forwarded upstream, stamped as IoT Hub
/// stamps a D2C message (annotations from https://github.com/Azure/azure-iot-explorer/issues/558 and
/// MicrosoftDocs `iot-hub-devguide-messages-construct.md`), kept for the lab's life (at most `retained` each).
final class LabEventHubPartitions: @unchecked Sendable {
    struct Event: Sendable {
        let sequenceNumber: Int64
        let offset: Int64
        let enqueuedMilliseconds: Int64
        let deviceID: String
        let body: Data
    }

    let ids: [String]
    private let lock = NSLock()
    private var logs: [[Event]]
    private var nextOffset: [Int64]
    /// IoT Hub keeps events a day; the lab keeps enough that a reader its credit holds back (`kepedge` gives
    /// credit only as fast as it shows events) still finds every event a benchmark or test enqueued.
    private let retained = 100_000

    /// IoT Hub's default is 4 partitions (the portal's default for a new hub).
    init(count: Int = 4) {
        ids = (0..<count).map(String.init)
        logs = Array(repeating: [], count: count)
        nextOffset = Array(repeating: 0, count: count)
    }

    /// IoT Hub picks the partition from a hash of the device id (`iot-hub-amqp-support.md`); the hash itself is
    /// not documented, so the lab uses FNV-1a: one device's messages always land in one partition, in order.
    func partition(of deviceID: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in deviceID.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(ids.count))
    }

    /// Appends a message; returns its partition index.
    @discardableResult
    func append(deviceID: String, body: Data, at date: Date = Date()) -> Int {
        let index = partition(of: deviceID)
        lock.withLock {
            let sequence = (logs[index].last?.sequenceNumber ?? -1) + 1
            let event = Event(sequenceNumber: sequence, offset: nextOffset[index],
                              enqueuedMilliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)), deviceID: deviceID, body: body)
            nextOffset[index] += Int64(body.count) + 512
            logs[index].append(event)
            // Trimmed a tenth at a time: a removeFirst per append would move the whole log each time.
            if logs[index].count > retained + retained / 10 { logs[index].removeFirst(logs[index].count - retained) }
        }
        return index
    }

    /// Events of `partition` with a sequence number from `sequence` on that pass `filter`, at most `limit`.
    func events(partition: Int, from sequence: Int64, filter: HubEventFilter?, limit: Int) -> [Event] {
        lock.withLock {
            var found: [Event] = []
            // Sequence numbers run on without gaps, so `sequence` is found by position, not by a scan.
            let log = logs[partition]
            let first = Int(max(0, sequence - (log.first?.sequenceNumber ?? 0)))
            for event in log.dropFirst(first) {
                if let filter, !filter.admits(sequenceNumber: event.sequenceNumber, offset: event.offset,
                                              enqueuedMilliseconds: event.enqueuedMilliseconds) { continue }
                found.append(event)
                if found.count >= limit { break }
            }
            return found
        }
    }

    /// Where a receiver attached with `filter` starts reading `partition`, and the filter left to apply event by
    /// event. A sequence number is found by position (they run without gaps) instead of by a scan; `@latest` is
    /// the partition's end when the link opens.
    func start(partition: Int, filter: HubEventFilter?) -> (next: Int64, filter: HubEventFilter?) {
        guard let filter else { return (0, nil) }
        switch (filter.field, filter.position) {
        case (.sequenceNumber, let position?): return (max(0, filter.inclusive ? position : position + 1), filter)
        case (.offset, nil): return (end(partition: partition), nil)
        default: return (0, filter)
        }
    }

    /// The number after the last event (where a reader that wants only new events starts).
    func end(partition: Int) -> Int64 {
        lock.withLock { (logs[partition].last?.sequenceNumber ?? -1) + 1 }
    }
}
