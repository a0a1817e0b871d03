import Foundation
import KepEdgeCore
import Testing

@Suite("Prometheus text exposition parser")
struct PrometheusTextParserTests {
    @Test("edgeHub's real 1.1 page (issue 5154): common labels in order, summary series typed, quantile label")
    func realIssue5154() throws {
        let page = try PrometheusTextParser.parse(EdgeHubMetricsCorpus.issue5154)
        #expect(page.samples.count == 4)
        #expect(page.types["edgehub_message_process_duration_seconds"] == .summary)
        #expect(page.help["edgehub_message_process_duration_seconds"] == "Time taken to process message in EdgeHub")
        let count = try #require(page.samples.first { $0.name == "edgehub_message_process_duration_seconds_count" })
        #expect(count.value == 1145)
        #expect(count.labels.prefix(3).map(\.name) == ["iothub", "edge_device", "instance_number"])
        #expect(count["instance_number"] == "97734c1b-6e2d-4dee-b1f1-5be2874429f8")
        #expect(count["to"] == "upstream")
        #expect(page.type(ofSample: count.name) == .summary)
        #expect(page.samples.last?["quantile"] == "0.5")
        #expect(page.samples[0].value == 2.752821999999999)
    }

    @Test("edgeHub 1.0.9-rc2 (PR 1724): $ in label values, counters and summaries")
    func realPull1724() throws {
        let page = try PrometheusTextParser.parse(EdgeHubMetricsCorpus.pull1724)
        #expect(page.samples.count == 6)
        #expect(page.samples[0]["id"] == "myEdgeDevice2/$edgeHub")
        #expect(page.types["edgehub_messages_received_total"] == .counter)
        #expect(page.type(ofSample: "edgehub_message_size_bytes_sum") == .summary)
    }

    @Test("the metrics collector's real lines: a space before '=', identity strings with ';' and '[…]'")
    func realMetricsCollector() throws {
        let page = try PrometheusTextParser.parse(EdgeHubMetricsCorpus.metricsCollectorTest)
        #expect(page.samples.count == 4)
        #expect(page.samples[1]["iothub"] == "IoTHub.azure-devices.net")
        #expect(page.samples[2]["id"] == "DeviceId: Ubuntu-20; ModuleId: IoTEdgeMetricsCollector [IotHubHostName: IoTHub.azure-devices.net]")
        #expect(page.type(ofSample: "total_network_out_bytes") == .untyped)
    }

    @Test("label escapes \\\\, \\\" and \\n; other backslashes kept; trailing comma; CRLF")
    func escapes() throws {
        let text = "m{a=\"x\\\\y\",b=\"say \\\"hi\\\"\",c=\"two\\nlines\",d=\"C:\\\\dir\\q\",} 1\r\n"
        let sample = try #require(try PrometheusTextParser.parse(text).samples.first)
        #expect(sample["a"] == "x\\y")
        #expect(sample["b"] == "say \"hi\"")
        #expect(sample["c"] == "two\nlines")
        #expect(sample["d"] == "C:\\dir\\q")
        #expect(sample.labels.count == 4)
    }

    @Test("NaN, +Inf, -Inf, exponents, timestamps; histogram buckets typed")
    func valuesAndTimestamps() throws {
        let text = """
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_request_duration_seconds_sum 53423
        http_request_duration_seconds_count 144320
        # A free comment is ignored
        gauge_nan NaN
        up +Inf 1395066363000
        down -Inf
        small 1.5e-3
        metric_without_timestamp_and_labels 12.47
        """
        let page = try PrometheusTextParser.parse(text)
        #expect(page.type(ofSample: "http_request_duration_seconds_bucket") == .histogram)
        #expect(page.samples[1]["le"] == "+Inf")
        #expect(page.samples[4].value.isNaN)
        #expect(page.samples[5].value == .infinity)
        #expect(page.samples[5].timestampMilliseconds == 1_395_066_363_000)
        #expect(page.samples[6].value == -.infinity)
        #expect(page.samples[7].value == 0.0015)
        #expect(page.samples[8].labels.isEmpty)
    }

    @Test("bad lines name their line number and what is wrong")
    func errors() {
        let cases: [(String, String)] = [
            ("ok 1\nbroken{a=\"x\" 1", "line 2"),
            ("m{a=x} 1", "no quoted value"),
            ("m{a=\"x} 1", "no closing quote"),
            ("m twelve", "not a number"),
            ("m", "has no value"),
            ("m 1 soon", "not an integer"),
            ("# TYPE m gauges", "unknown metric type"),
            ("1m 2", "must start with a metric name"),
        ]
        for (text, expected) in cases {
            #expect(throws: PrometheusParseError.self) { try PrometheusTextParser.parse(text) }
            do { _ = try PrometheusTextParser.parse(text) } catch { #expect(error.description.contains(expected), "\(text): \(error)") }
        }
    }

    @Test("what the writer prints, the parser reads back (escapes, NaN, order)")
    func roundTrip() throws {
        var page = PrometheusExposition()
        page.types["edgehub_queue_length"] = .gauge
        page.help["edgehub_queue_length"] = "Number of messages pending\nfor the endpoint"
        page.samples = [
            PrometheusSample(name: "edgehub_queue_length", labels: [.init("endpoint", "iot\"hub\\x\ny"), .init("priority", "2000000000")], value: 3),
            PrometheusSample(name: "edgehub_queue_length", labels: [.init("endpoint", "other")], value: .nan),
        ]
        let text = PrometheusTextWriter.write(page)
        #expect(try PrometheusTextParser.parse(text) == page)
    }

    /// Found by the prometheus-text fuzz target (FUZZING.md): the writer escaped by Character, and "\r\n" is one
    /// Character in Swift, so a label value or HELP text holding CR LF was written with a raw line break.
    @Test("a CR LF inside a label value or HELP text is written escaped, and reads back the same")
    func crLineFeedInsideValues() throws {
        let page = try PrometheusTextParser.parse("m{l=\"a\r\\nd\\nd\"} -3\n")
        #expect(page.samples.first?.labels.first?.value == "a\r\nd\nd")
        let written = PrometheusTextWriter.write(page)
        #expect(written.split(separator: "\n", omittingEmptySubsequences: false).count == 2)
        #expect(try PrometheusTextParser.parse(written).samples == page.samples)

        var helped = PrometheusExposition()
        helped.help["m"] = "first\r\nsecond"
        helped.samples = [PrometheusSample(name: "m", value: 1)]
        #expect(try PrometheusTextParser.parse(PrometheusTextWriter.write(helped)) == helped)
    }
}
