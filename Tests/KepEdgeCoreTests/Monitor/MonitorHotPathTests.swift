import Foundation
@testable import KepEdgeCore
import Testing

/// Issue 19: the byte-level replacements of Foundation calls on the monitor's hot path answer as before.
@Suite struct MonitorHotPathTests {
    @Test("UTF8Search finds what String.contains finds", arguments: [
        ("Client kepware-01 in device scope authenticated locally.", "in device scope authenticated locally", true),
        ("Client kepware-01 in device scope authenticated locally.", "not authenticated", false),
        ("ünïcödé before is True", "is True", true),
        ("short", "longer than the text", false),
        ("anything", "", false),
        ("", "x", false),
        ("aaab", "aab", true),
        ("edge at the end", "end", true),
    ])
    func search(text: String, needle: String, expected: Bool) {
        #expect(UTF8Search.contains(text, needle) == expected)
        #expect(text.contains(needle) == expected)
    }

    @Test("the device id of a telemetry topic is read as the split topic read it")
    func telemetryTopics() {
        func reference(_ topic: String) -> String? {
            let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 4, parts[0] == "devices", !parts[1].isEmpty, parts[2] == "messages", parts[3] == "events" else { return nil }
            return String(parts[1])
        }
        let topics = ["devices/kepware-01/messages/events/", "devices/kepware-01/messages/events", "devices/kepware-01/messages/events/a=b",
                      "devices//messages/events/", "devices/x/messages/eventsX", "devices/x/messagesX/events/", "devices/x/messages",
                      "devices/ünï/messages/events/", "device/x/messages/events/", "devices/x", "", "devices/", "/devices/x/messages/events/",
                      "devices/a/b/messages/events/", "devices/x/messages/events//",
                      // The byte-level reading's edges: no id slash, a shortened or lengthened path, a non-ASCII id.
                      "devices", "devices/a/messages/event", "devices/a/messages/events", "devices/a/messages/events/x=1",
                      "devices//messages/events", "devices/ü-1/messages/events/", "other/a/messages/events", "Devices/a/messages/events",
                      "devices/a/messages/events\u{0}", "devices/a/messages/evens/", "devices/😀/messages/events/$.ct=application%2Fjson"]
        for topic in topics {
            #expect(MQTTTopic.deviceID(inTelemetryTopic: topic) == reference(topic), "\(topic)")
        }
        #expect(MQTTTopic.deviceID(inTelemetryTopic: "devices/ü-1/messages/events/") == "ü-1")
        #expect(MQTTTopic.deviceID(inTelemetryTopic: "devices/a/messages/events/x=1") == "a")
    }

    @Test("an edgeHub line mentions a device only as a whole word, with a word's ending dots and colons dropped")
    func mentions() {
        let line = EdgeHubLogLine(parsing: "<6> 2026-11-27 02:13:28.123 +00:00 [INF] - Client kepware-01: connected as hub/kepware-01/?api-version=1.")
        #expect(line.mentions(device: "kepware-01"))
        #expect(!line.mentions(device: "kepware-0"))
        #expect(!line.mentions(device: "kepware-012"))
        #expect(EdgeHubLogLine(parsing: "  <6> padded line for kepware-01.  \n").message == "padded line for kepware-01.")
        // The same answer as splitting the line into words, for ids and lines that try the edges.
        let ids = ["kepware-01", "kep", "01", "a.", "a:b", "dev(1)", "x", "hub", "kepware-01.", "ünï"]
        let texts = ["kepware-01", "kepware-01.:", "kepware-01.x", "(kepware-01)", "hub/kepware-01/?api", "kepkepware-01", "a:b a.",
                     "dev(1) dev", "x.", ":x", "kepware-01..", "ünï/ünïx", "kepware-01 kepware-01x", ""]
        for text in texts {
            let parsed = EdgeHubLogLine(parsing: text)
            for id in ids {
                #expect(parsed.mentions(device: id) == EdgeHubLogLine.words(in: parsed.message).contains(id), "\(id) in \(text)")
            }
        }
    }
}
