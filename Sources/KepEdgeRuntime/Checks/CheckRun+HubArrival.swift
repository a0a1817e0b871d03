import Foundation
import KepEdgeCore
import KepEdgeProbes

extension CheckRun {
    /// The device step's device and hub-owner connection string, the inputs `hubArrival` reads with.
    public var hubArrivalInputs: (device: String, owner: HubOwnerConnectionString)? {
        HubEventsReaderKey(driver.state.device).map { ($0.deviceID, $0.owner) }
    }

    /// Step 6 from IoT Hub's built-in endpoint: listens for `watch` from when the partition receivers are
    /// attached (connecting is bounded by `connectLimit`), and reports `HubArrivalChecks`' verdict.
    /// - Parameter notGivenReason: why the endpoint is not read (no hub-owner connection string), or nil.
    public static func hubArrival(inputs: (device: String, owner: HubOwnerConnectionString)?, endpoint: HubEventsEndpoint,
                                  notGivenReason: String?, watch: Duration, connectLimit: Duration = .seconds(30)) async -> [Check] {
        if let notGivenReason { return [Check(step: .validation, result: HubArrivalChecks.skipped(reason: notGivenReason))] }
        guard let inputs else {
            return [Check(step: .validation, result: HubArrivalChecks.skipped(reason: "no device id: give --device ID or --session FILE"))]
        }
        let request = endpoint.request(owner: inputs.owner, device: inputs.device, from: Date())
        let (arrival, watched) = await HubArrivalWatch.watch(request, device: inputs.device, for: watch, connectLimit: connectLimit)
        let result = HubArrivalChecks.check(arrival, watchedSeconds: watched, endpoint: endpoint.wording(owner: inputs.owner))
        return [Check(step: .validation, result: result)]
    }
}

/// Folds the IoT Hub reader's updates for one device until the watch ends: `watch` after listening began,
/// a failure (a check does not wait through the reader's backoff), enough messages, or `connectLimit`
/// without listening.
enum HubArrivalWatch {
    /// Messages after which the verdict cannot change but for more latency samples.
    static let enough = 5

    static func watch(_ request: HubEventsRequest, device: String, for watch: Duration, connectLimit: Duration) async -> (HubArrival, Double) {
        let box = ArrivalBox(HubArrival(device: device))
        let started = Date()
        let reader = Task {
            for await update in HubEventsReader.updates(request) {
                box.record(update)
            }
            box.finish()
        }
        defer { reader.cancel() }
        let watchSeconds = seconds(watch), connectSeconds = seconds(connectLimit)
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let (arrival, finished) = box.snapshot
            let now = Date()
            if finished || arrival.failure != nil || arrival.count >= enough || Task.isCancelled { break }
            if let since = arrival.listeningSince {
                if now.timeIntervalSince(since) >= watchSeconds { break }
            } else if now.timeIntervalSince(started) >= connectSeconds {
                break
            }
        }
        let arrival = box.snapshot.arrival
        let watched = Date().timeIntervalSince(arrival.listeningSince ?? started)
        return (arrival, watched)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }
}

private final class ArrivalBox: @unchecked Sendable {
    private let lock = NSLock()
    private var arrival: HubArrival
    private var finished = false

    init(_ arrival: HubArrival) { self.arrival = arrival }

    func record(_ update: HubEventsUpdate) { lock.withLock { arrival.record(update, now: Date()) } }
    func finish() { lock.withLock { finished = true } }
    var snapshot: (arrival: HubArrival, finished: Bool) { lock.withLock { (arrival, finished) } }
}
