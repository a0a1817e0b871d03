import Foundation
import KepEdgeTestSupport
import Testing

/// `kepedge-bench --quick` runs and reports real figures. No timing thresholds here: targets and pass/miss
/// belong in the benchmark's own output (BENCHMARKS.md).
@Suite struct BenchmarkQuickRunTests {
    @Test func pipelineAndCursesBytesReportPositiveFiguresInJSON() async throws {
        let runner = try BinaryRunner(productName: "kepedge-bench")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let jsonFile = directory.file("bench.json")
        let result = try await runner.run(["--quick", "--only", "pipeline,curses_bytes", "--json", jsonFile], timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("events_per_second"))

        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonFile))) as? [String: Any])
        #expect(root["quick"] as? Bool == true)
        let machine = try #require(root["machine"] as? [String: Any])
        #expect((machine["cores"] as? Int ?? 0) > 0)
        let benchmarks = try #require(root["benchmarks"] as? [String: Any])
        #expect(Set(benchmarks.keys) == ["pipeline", "curses_bytes"])

        func metrics(_ name: String) throws -> [String: [String: Any]] {
            let benchmark = try #require(benchmarks[name] as? [String: Any])
            #expect(benchmark["error"] == nil)
            #expect(!(benchmark["bound"] as? String ?? "").isEmpty)
            return try #require(benchmark["metrics"] as? [String: [String: Any]])
        }
        func value(_ metrics: [String: [String: Any]], _ key: String) -> Double {
            metrics[key]?["value"] as? Double ?? -1
        }

        let pipeline = try metrics("pipeline")
        for key in ["events_per_second", "peak_rss_mb", "rss_mb_at_2000", "rss_mb_at_20000"] {
            #expect(value(pipeline, key) > 0, "pipeline.\(key)")
        }
        #expect(value(pipeline, "events") == 20_000)
        #expect(pipeline["events_per_second"]?["target"] is String && pipeline["events_per_second"]?["met"] is Bool)

        let curses = try metrics("curses_bytes")
        for size in ["80x24", "200x60"] {
            let steady = value(curses, "steady_bytes_per_frame_\(size)")
            let full = value(curses, "full_repaint_bytes_\(size)")
            #expect(steady > 0, "one new message per frame writes something at \(size)")
            // Byte counts, not timing: the diffing backend writes less for one new line than for the whole screen.
            #expect(full > steady, "a full repaint at \(size) writes more than one new message")
            #expect(full >= Double(size == "80x24" ? 80 * 24 : 200 * 60) / 2, "a full repaint at \(size) writes about the whole screen")
        }
    }
}
