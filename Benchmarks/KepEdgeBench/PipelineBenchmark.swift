import Foundation
import KepEdgeCore
import KepEdgeTUI

/// Benchmark 1: what every event costs between the broker and the pane. Each event is decoded (a Kepware
/// standard-template message through the same `MQTTSessionEvent.monitorEvent` the monitor uses, or an edgeHub
/// or broker log line), classified, appended to the pane's ring (`MonitorEventStore`), and every
/// `eventsPerFrame` events the visible rows are formatted as a frame would (`MonitorEvent.line`, and the pane's own
/// `PaneMessage(event:timeZone:)`).
enum PipelineBenchmark {
    /// A frame at most every this many events: at a 10 ms publish rate that is far more than 30 frames a second.
    static let eventsPerFrame = 100
    static let visibleRows = 40

    static func run(events total: Int) -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "pipeline",
            bound: "CPU only (one core): decoding each Kepware message into eight rows (a String and a Date per value), then freeing what the ring pushes out, then formatting the visible rows; no I/O.")
        let kepware = KepwareSamples.payloads(count: 512, tags: 8)
        let edgeHubLines = EdgeHubSamples.lines
        let brokerLines = BrokerSamples.lines
        var store = MonitorEventStore(capacity: Wizard.messageCapacity)
        let early = max(1, total / 10)
        var earlyMemory = ResidentMemory.now()
        var formattedCharacters = 0
        let now = Date()
        let utc = TimeZone(secondsFromGMT: 0) ?? .current

        let start = ContinuousClock.now
        for index in 0..<total {
            let event: MonitorEvent
            switch index % 20 {
            case 0: event = EdgeHubLogLine(parsing: edgeHubLines[index / 20 % edgeHubLines.count]).monitorEvent(receivedAt: now, deviceID: "kepware-01")
            case 1: event = MosquittoLogLine(parsing: brokerLines[index / 20 % brokerLines.count]).monitorEvent(receivedAt: now)
            default:
                event = MQTTSessionEvent.message(topic: "devices/kepware-01/messages/events/", payload: kepware[index % kepware.count])
                    .monitorEvent(at: now, source: .kepware)
            }
            store.append(event)
            if index % eventsPerFrame == eventsPerFrame - 1 {
                for row in store.newestVisible(visibleRows) {
                    formattedCharacters &+= row.line.utf8.count &+ PaneMessage(event: row, timeZone: utc).text.utf8.count
                }
            }
            if index + 1 == early { earlyMemory = ResidentMemory.now() }
        }
        let seconds = Measure.seconds(ContinuousClock.now - start)
        let late = ResidentMemory.now()
        precondition(formattedCharacters > 0 && store.count == min(total, store.capacity), "the pipeline formatted nothing")

        result.add(Metric("events", Double(total), "events"))
        result.add(Metric("events_per_second", Double(total) / seconds, "events/s", atLeast: 200_000))
        result.add(Metric("rss_mb_at_\(early)", earlyMemory.currentMB, "MiB"))
        result.add(Metric("rss_mb_at_\(total)", late.currentMB, "MiB"))
        // Flat: what the ring holds is fixed once it is full (after the first thousand events).
        result.add(Metric("rss_growth_mb_after_ring_full", late.currentMB - earlyMemory.currentMB, "MiB", atMost: 2))
        result.add(Metric("peak_rss_mb", late.peakMB, "MiB"))
        return result
    }
}

/// Standard-template payloads as Kepware's agent publishes them (kepware.md): `timestamp` in epoch ms,
/// `values` of `{id, v, q, t}`, values changing from message to message.
enum KepwareSamples {
    static func payloads(count: Int, tags: Int) -> [Data] {
        (0..<count).map { Data(line(index: $0, tags: tags).utf8) }
    }

    /// One message on one line (what `mosquitto_pub -l` sends per line).
    static func line(index: Int, tags: Int) -> String {
        let timestamp = 1_795_744_348_000 + index * 10
        let values = (0..<tags).map { tag -> String in
            let value: String = switch tag % 4 {
            case 0: String(index % 1000 + tag)
            case 1: String(Double(index % 997) / 7 + Double(tag))
            case 2: index % 2 == 0 ? "true" : "false"
            default: "\"batch-\(index % 50)\""
            }
            return #"{"id":"Channel1.Device1.Tag\#(tag)","v":\#(value),"q":\#(index % 13 != 0),"t":\#(timestamp - tag)}"#
        }
        return #"{"timestamp":\#(timestamp),"values":[\#(values.joined(separator: ","))]}"#
    }
}

/// edgeHub log lines of the kinds the pane classifies (azure.md §6).
enum EdgeHubSamples {
    static let lines = [
        "<6> 2026-11-27 02:13:28.123 +00:00 [INF] - ClientAuthenticated for kepware-01",
        "<6> 2026-11-27 02:13:28.200 +00:00 [INF] - New device connection for device kepware-01",
        "<4> 2026-11-27 02:13:29.001 +00:00 [WRN] - Unable to authenticate client kepware-01 with cached service identity kepware-01",
        "<6> 2026-11-27 02:13:29.500 +00:00 [INF] - Cloud connection for kepware-01 is True",
        "<3> 2026-11-27 02:13:30.000 +00:00 [ERR] - Error authenticating token for kepware-01 because the token has expired",
        "<7> 2026-11-27 02:13:30.100 +00:00 [DBG] [Microsoft.Azure.Devices.Edge.Hub.Mqtt.DeviceIdentityProvider] - Successfully generated identity for clientId kepware-01",
    ]
}

/// Lab broker (mosquitto) log lines.
enum BrokerSamples {
    static let lines = [
        "1795744348: New client connected from 127.0.0.1:50000 as kepware-01 (p2, c1, k60, u'hub/kepware-01/?api-version=2021-04-12').",
        "1795744349: Client kepware-01 closed its connection.",
        "1795744350: Received PUBLISH from kepware-01 (d0, q1, r0, m3, 'devices/kepware-01/messages/events/', ... (180 bytes))",
        "1795744351: Client kepware-02 has exceeded timeout, disconnecting.",
        "1795744352: OpenSSL Error[0]: error:0A000418:SSL routines::tlsv1 alert unknown ca",
    ]
}
