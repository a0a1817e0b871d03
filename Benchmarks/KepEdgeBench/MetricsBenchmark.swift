import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Benchmark: scrape and parse a realistic edgeHub metrics page: parsing alone in-process, and the whole
/// `EdgeHubMetricsScraper.counters` (HTTP GET over loopback, parse, read one device) against a server
/// answering with the page, as the wizard does every 5 s.
enum MetricsBenchmark {
    static func run(parses: Int, scrapes: Int) async -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "metrics",
            bound: "Parse: one pass over the page's bytes (CPU). Scrape: an HTTP connection on loopback per scrape (AsyncHTTPClient start-up and teardown).")
        let page = realisticPage()
        do {
            var samples = 0
            let start = ContinuousClock.now
            for _ in 0..<parses { samples &+= try PrometheusTextParser.parse(page).samples.count }
            let parseMilliseconds = Measure.seconds(ContinuousClock.now - start) * 1000 / Double(parses)
            precondition(samples > 0)
            result.add(Metric("metrics_page_lines", Double(page.split(separator: "\n").count), "lines"))
            result.add(Metric("metrics_parse_ms", parseMilliseconds, "ms", atMost: 10))

            let server = try FixedHTTPServer(body: page, contentType: "text/plain; version=0.0.4; charset=utf-8")
            defer { server.stop() }
            let url = "http://127.0.0.1:\(server.port)/metrics"
            var times: [Double] = []
            for _ in 0..<scrapes {
                let began = ContinuousClock.now
                let counters = try await EdgeHubMetricsScraper.counters(url: url, device: "kepware-07", seconds: 5)
                times.append(Measure.seconds(ContinuousClock.now - began) * 1000)
                precondition(counters.received > 0)
            }
            times.sort()
            result.add(Metric("metrics_scrape_and_parse_median_ms", times[times.count / 2], "ms", atMost: 100))
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    /// An edgeHub serving a busy gateway: 20 leaf devices and 5 modules sending upstream, each with its counters
    /// and summaries (four quantiles, `_sum`, `_count`), plus connection, twin and queue series; the names and labels
    /// of edgeHub 1.4/1.5 (cloud-side.md Part B).
    static func realisticPage() -> String {
        let common = [PrometheusLabel("iothub", "plant.azure-devices.net"), PrometheusLabel("edge_device", "gw"),
                      PrometheusLabel("instance_number", "5f1c9a52-0d8e-4a55-9d3e-1b0f6b1f7c11")]
        let telemetry = PrometheusLabel("ms_telemetry", "True")
        var page = PrometheusExposition()
        let clients = (1...20).map { String(format: "kepware-%02d", $0) } + (1...5).map { "gw/module\($0)" }
        for (index, client) in clients.enumerated() {
            let count = Double(1_000 + index * 37)
            page.samples.append(.init(name: "edgehub_messages_received_total", labels: common + [.init("id", client), .init("route_output", ""), telemetry], value: count))
            let sent = common + [.init("from", client), .init("to", "upstream"), .init("from_route_output", ""), .init("to_route_input", ""),
                                 .init("priority", "2000000000"), telemetry]
            page.samples.append(.init(name: "edgehub_messages_sent_total", labels: sent, value: count))
            for family in ["edgehub_message_send_duration_seconds", "edgehub_message_process_duration_seconds", "edgehub_message_size_bytes"] {
                let labels = family == "edgehub_message_size_bytes" ? common + [.init("id", client)]
                    : common + [.init("from", client), .init("to", "upstream"), .init("from_route_output", ""), .init("to_route_input", "")]
                page.samples.append(.init(name: family + "_sum", labels: labels, value: count * 0.0123))
                page.samples.append(.init(name: family + "_count", labels: labels, value: count))
                for quantile in ["0.1", "0.5", "0.9", "0.99"] {
                    page.samples.append(.init(name: family, labels: labels + [.init("quantile", quantile)], value: index % 7 == 0 ? .nan : 0.00156))
                }
            }
            page.samples.append(.init(name: "edgehub_client_connect_success_total",
                                      labels: common + [.init("id", "DeviceId: \(client) [IotHubHostName: plant.azure-devices.net]")], value: 1))
            page.samples.append(.init(name: "edgehub_gettwin_total", labels: common + [.init("source", "edge_hub"), .init("id", client), telemetry], value: 2))
        }
        page.samples.append(.init(name: "edgehub_queue_length", labels: common + [.init("endpoint", "iothub"), .init("priority", "2000000000"), telemetry], value: 0))
        page.samples.append(.init(name: "edgehub_connected_clients", labels: common, value: Double(clients.count)))
        page.types = ["edgehub_messages_received_total": .counter, "edgehub_messages_sent_total": .counter,
                      "edgehub_message_send_duration_seconds": .summary, "edgehub_message_process_duration_seconds": .summary,
                      "edgehub_message_size_bytes": .summary, "edgehub_client_connect_success_total": .counter,
                      "edgehub_gettwin_total": .counter, "edgehub_queue_length": .gauge, "edgehub_connected_clients": .gauge]
        return PrometheusTextWriter.write(page)
    }
}

/// A loopback HTTP/1.1 server on a thread that answers every request with one fixed page and closes.
final class FixedHTTPServer: @unchecked Sendable {
    let port: Int
    private let socket: Int32
    private let thread: Thread

    init(body: String, contentType: String) throws {
        let listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw BenchFailure("socket(): \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(listener, 16) == 0 else { close(listener); throw BenchFailure("bind/listen on 127.0.0.1 failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        socket = listener
        let response = Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
        thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                // Read the request head (it is small), answer, close.
                var head: [UInt8] = []
                while !head.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)) {
                    let count = read(client, &buffer, buffer.count)
                    if count <= 0 { break }
                    head += buffer[0..<count]
                }
                var offset = 0
                while offset < response.count {
                    let written = response[offset...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                    if written <= 0 { break }
                    offset += written
                }
                close(client)
            }
        }
        thread.start()
    }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }
}
