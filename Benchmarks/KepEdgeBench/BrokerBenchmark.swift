import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Benchmark 4: one publisher at full speed (`mosquitto_pub -l`, QoS 0) through a loopback broker, received
/// at the same time by `kepedge monitor --broker … --json` and by `mosquitto_sub -v`. Each receiver's rate is
/// the messages it printed divided by the time from the first message published to its last one printed.
enum BrokerBenchmark {
    static let topic = "devices/bench-01/messages/events/"
    static let warmUpTopic = "devices/warm-up/messages/events/"

    static func run(messages: Int) -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "broker",
            bound: "One loopback mosquitto (plain listener; the lab broker adds TLS and the auth plugin), the publisher, both receivers and the broker share the machine's cores; QoS 0.")
        var cleanup: [() -> Void] = []
        defer { cleanup.reversed().forEach { $0() } }
        do {
            guard let kepedge = Executables.kepedge else { throw BenchFailure("kepedge is not built next to the benchmark (or set KEPEDGE_BINARY)") }
            guard let subscriber = Executables.system("/usr/bin/mosquitto_sub"), let publisher = Executables.system("/usr/bin/mosquitto_pub") else {
                throw BenchFailure("mosquitto_sub/mosquitto_pub are not installed: run scripts/install-deps")
            }
            let broker = try LoopbackBroker()
            cleanup.append { broker.stop() }
            let address = "127.0.0.1"
            let port = String(broker.port)

            let monitor = try LineCounter(kepedge, ["monitor", "--broker", "\(address):\(port)", "--json"], marker: "\"deviceID\":\"bench-01\"")
            cleanup.append { monitor.stop() }
            let reference = try LineCounter(subscriber, ["-h", address, "-p", port, "-t", "devices/+/messages/events/#", "-v"], marker: "devices/bench-01/")
            cleanup.append { reference.stop() }

            // Both receivers are subscribed once each has printed a warm-up message.
            let warmUp = try broker.folder.write("warm-up.txt", KepwareSamples.line(index: 0, tags: 1) + "\n")
            let ready = ContinuousClock.now + .seconds(15)
            while !(monitor.sawAnyLine(containing: "warm-up") && reference.sawAnyLine(containing: "warm-up")) {
                guard ContinuousClock.now < ready else { throw BenchFailure("the receivers did not subscribe within 15 s") }
                let once = try BenchProcess(publisher, ["-h", address, "-p", port, "-t", warmUpTopic, "-l"], stdinPath: warmUp)
                _ = once.wait(timeout: 5)
                usleep(100_000)
            }

            let lines = (0..<messages).map { KepwareSamples.line(index: $0, tags: 8) }.joined(separator: "\n") + "\n"
            let input = try broker.folder.write("messages.txt", lines)
            let start = ContinuousClock.now
            let publish = try BenchProcess(publisher, ["-h", address, "-p", port, "-t", topic, "-l", "-q", "0"], stdinPath: input)
            guard publish.wait(timeout: 300) == 0 else { throw BenchFailure("mosquitto_pub did not publish within 300 s") }
            let published = Measure.seconds(ContinuousClock.now - start)

            // Wait until both have everything, or neither has printed anything new for 3 s.
            while !(monitor.count >= messages && reference.count >= messages) {
                let idle = [monitor, reference].allSatisfy { ($0.lastArrival ?? start) < ContinuousClock.now - .seconds(3) }
                if idle && ContinuousClock.now - start > .seconds(3) { break }
                usleep(20_000)
            }
            func rate(_ counter: LineCounter) -> Double {
                guard let last = counter.lastArrival, counter.count > 0 else { return 0 }
                return Double(counter.count) / Measure.seconds(last - start)
            }
            let monitorRate = rate(monitor)
            let referenceRate = rate(reference)
            result.add(Metric("messages", Double(messages), "messages"))
            result.add(Metric("publisher_messages_per_second", Double(messages) / published, "msg/s"))
            result.add(Metric("mosquitto_sub_messages_per_second", referenceRate, "msg/s"))
            result.add(Metric("kepedge_monitor_messages_per_second", monitorRate, "msg/s"))
            result.add(Metric("mosquitto_sub_received_fraction", Double(reference.count) / Double(messages), "ratio"))
            result.add(Metric("kepedge_monitor_received_fraction", Double(monitor.count) / Double(messages), "ratio", atLeast: 1))
            // The broker queues without limit here, so every message is either printed or said to be dropped.
            result.add(Metric("kepedge_monitor_reported_dropped", Double(monitor.reportedDropped), "messages"))
            result.add(Metric("kepedge_monitor_unaccounted", Double(messages - monitor.count - monitor.reportedDropped), "messages", atMost: 0))
            result.add(Metric("monitor_to_mosquitto_sub_rate_ratio", referenceRate > 0 ? monitorRate / referenceRate : 0, "ratio", atLeast: 0.95))
            result.add(Metric("kepedge_monitor_messages_per_second_vs_100Hz_agent", monitorRate / 100, "x", atLeast: 10))
        } catch {
            result.error = "\(error)"
        }
        return result
    }
}

/// A child whose stdout is read on a thread, counting the lines that contain `marker` and when they came.
final class LineCounter: @unchecked Sendable {
    private let child: BenchProcess
    private let lock = NSLock()
    private var matched = 0
    private var first: ContinuousClock.Instant?
    private var last: ContinuousClock.Instant?
    private var seen = ""
    private var droppedNotices: [String] = []
    private static let droppedMarker = Array(" not shown: they arrived faster".utf8)
    private let readEnd: Int32

    init(_ executable: String, _ arguments: [String], marker: String) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw BenchFailure("pipe() failed: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        do {
            child = try BenchProcess(executable, arguments, stdoutDescriptor: fds[1])
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[1])
        readEnd = fds[0]
        let markerBytes = Array(marker.utf8)
        let thread = Thread { [self] in self.read(marker: markerBytes) }
        thread.name = "kepedge-bench-reader"
        thread.start()
    }

    var count: Int { lock.withLock { matched } }

    /// The events kepedge said it dropped (`N events not shown: …` lines, text or JSON).
    var reportedDropped: Int {
        lock.withLock {
            droppedNotices.reduce(0) { total, line in
                guard let range = line.range(of: " event") else { return total }
                let digits = line[..<range.lowerBound].reversed().prefix { $0.isNumber }
                return total + (Int(String(digits.reversed())) ?? 0)
            }
        }
    }
    var lastArrival: ContinuousClock.Instant? { lock.withLock { last } }

    /// Whether any line so far (of the first 64 KiB) contained `text`.
    func sawAnyLine(containing text: String) -> Bool { lock.withLock { seen.contains(text) } }

    func stop() { child.stop() }

    /// Splits what arrives into lines with memchr and looks for the marker with memchr and memcmp: this reader shares the
    /// cores with the receivers it measures, so it must cost far less than they do.
    private func read(marker: [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var partial: [UInt8] = []
        var notices: [String] = []
        while true {
            let got = Glibc.read(readEnd, &buffer, buffer.count)
            if got <= 0 { break }
            let now = ContinuousClock.now
            var newMatches = 0
            buffer.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                var start = 0
                while start < got, let newline = memchr(base + start, 0x0A, got - start) {
                    let end = base.distance(to: UnsafeRawPointer(newline))
                    if partial.isEmpty {
                        classify(UnsafeRawBufferPointer(start: base + start, count: end - start))
                    } else {
                        partial.append(contentsOf: raw[start..<end])
                        partial.withUnsafeBytes { classify($0) }
                        partial.removeAll(keepingCapacity: true)
                    }
                    start = end + 1
                }
                if start < got { partial.append(contentsOf: raw[start..<got]) }
            }
            func classify(_ line: UnsafeRawBufferPointer) {
                if Self.contains(line, marker) {
                    newMatches += 1
                } else if Self.contains(line, Self.droppedMarker) {
                    notices.append(String(decoding: line, as: UTF8.self))
                }
            }
            lock.withLock {
                droppedNotices += notices
                notices.removeAll()
                if seen.utf8.count < 65_536 { seen += String(decoding: buffer[0..<got], as: UTF8.self) }
                if newMatches > 0 {
                    matched += newMatches
                    if first == nil { first = now }
                    last = now
                }
            }
        }
        close(readEnd)
    }

    private static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let base = haystack.baseAddress else { return false }
        return needle.withUnsafeBytes { wanted in
            var offset = 0
            while offset <= haystack.count - needle.count,
                  let hit = memchr(base + offset, Int32(needle[0]), haystack.count - needle.count - offset + 1) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, wanted.baseAddress!, needle.count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }
}
