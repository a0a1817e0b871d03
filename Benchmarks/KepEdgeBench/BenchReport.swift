import Foundation

/// One figure of a benchmark: a value, its unit, and, when the issue sets one, the target it should meet.
struct Metric: Sendable {
    enum Direction: Sendable { case atLeast, atMost }

    let key: String
    let value: Double
    let unit: String
    var target: (value: Double, direction: Direction)?

    init(_ key: String, _ value: Double, _ unit: String, atLeast: Double? = nil, atMost: Double? = nil) {
        self.key = key
        self.value = value
        self.unit = unit
        if let atLeast { target = (atLeast, .atLeast) } else if let atMost { target = (atMost, .atMost) }
    }

    var targetText: String {
        guard let target else { return "" }
        return (target.direction == .atLeast ? ">= " : "<= ") + Metric.format(target.value)
    }

    /// nil when there is no target.
    var met: Bool? {
        guard let target else { return nil }
        return target.direction == .atLeast ? value >= target.value : value <= target.value
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(Int64(value)) }
        return abs(value) >= 100 ? String(format: "%.0f", value) : String(format: "%.3g", value)
    }
}

/// What one benchmark measured, and what limits the figures.
struct BenchmarkResult: Sendable {
    let name: String
    var metrics: [Metric] = []
    /// What bounds these figures (the broker, round trips, the terminal, the poll interval).
    var bound: String
    /// Set when the benchmark could not run (a missing tool); its metrics are then partial or empty.
    var error: String?

    init(name: String, bound: String) {
        self.name = name
        self.bound = bound
    }

    mutating func add(_ metric: Metric) { metrics.append(metric) }
}

/// The table on stdout and the JSON file.
enum BenchReport {
    static func table(_ results: [BenchmarkResult]) -> String {
        var rows: [[String]] = [["benchmark", "metric", "value", "unit", "target", "result"]]
        for result in results {
            if let error = result.error { rows.append([result.name, "error", error, "", "", "miss"]) }
            for metric in result.metrics {
                let verdict = metric.met.map { $0 ? "pass" : "miss" } ?? ""
                rows.append([result.name, metric.key, Metric.format(metric.value), metric.unit, metric.targetText, verdict])
            }
        }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == 2 ? String(repeating: " ", count: widths[index] - cell.count) + cell
                    : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// `{"machine": {...}, "quick": bool, "benchmarks": {name: {"bound", "error"?, "metrics": {key: {value, unit, target?, met?}}}}}`
    static func json(_ results: [BenchmarkResult], quick: Bool) throws -> Data {
        var benchmarks: [String: Any] = [:]
        for result in results {
            var metrics: [String: Any] = [:]
            for metric in result.metrics {
                var entry: [String: Any] = ["value": metric.value, "unit": metric.unit]
                if let met = metric.met {
                    entry["target"] = metric.targetText
                    entry["met"] = met
                }
                metrics[metric.key] = entry
            }
            var entry: [String: Any] = ["bound": result.bound, "metrics": metrics]
            if let error = result.error { entry["error"] = error }
            benchmarks[result.name] = entry
        }
        let root: [String: Any] = ["machine": Machine.describe(), "quick": quick, "benchmarks": benchmarks]
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
    }
}

/// The machine the figures come from.
enum Machine {
    static func describe() -> [String: Any] {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return ["cpu": model, "cores": ProcessInfo.processInfo.activeProcessorCount, "kernel": release,
                "memoryMB": Int(ProcessInfo.processInfo.physicalMemory / 1_048_576)]
    }
}
