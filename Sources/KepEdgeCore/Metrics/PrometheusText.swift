/// The Prometheus text exposition format (version 0.0.4), as edgeHub serves it on `:9600/metrics`:
/// `# HELP` / `# TYPE` comments, samples `name{label="value",…} value [timestamp]`, label values with
/// `\\`, `\"` and `\n` escapes, and the values `NaN`, `+Inf`, `-Inf`.
/// Spec: https://prometheus.io/docs/instrumenting/exposition_formats (text format details).

/// What a `# TYPE` line declares.
public enum PrometheusMetricType: String, Equatable, Sendable, Codable {
    case counter, gauge, histogram, summary, untyped
}

/// One sample line.
public struct PrometheusSample: Equatable, Sendable {
    public var name: String
    /// Label pairs in the order they were written (edgeHub: `iothub`, `edge_device`, `instance_number`, then the metric's own).
    public var labels: [PrometheusLabel]
    public var value: Double
    /// Milliseconds since the epoch, when the line carries one.
    public var timestampMilliseconds: Int64?

    public init(name: String, labels: [PrometheusLabel] = [], value: Double, timestampMilliseconds: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
    }

    public subscript(label: String) -> String? {
        labels.first { $0.name == label }?.value
    }

    /// NaN never equals itself; two samples holding NaN at the same place are the same sample.
    public static func == (lhs: PrometheusSample, rhs: PrometheusSample) -> Bool {
        lhs.name == rhs.name && lhs.labels == rhs.labels && lhs.timestampMilliseconds == rhs.timestampMilliseconds
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}

public struct PrometheusLabel: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A whole page: every sample in order, with the declared types and help texts.
public struct PrometheusExposition: Equatable, Sendable {
    public var samples: [PrometheusSample]
    public var types: [String: PrometheusMetricType]
    public var help: [String: String]

    public init(samples: [PrometheusSample] = [], types: [String: PrometheusMetricType] = [:], help: [String: String] = [:]) {
        self.samples = samples
        self.types = types
        self.help = help
    }

    /// The declared type of a sample's family: `x_sum`, `x_count`, `x_bucket` belong to summary or histogram `x`.
    public func type(ofSample name: String) -> PrometheusMetricType {
        if let declared = types[name] { return declared }
        for suffix in ["_sum", "_count", "_bucket"] where name.hasSuffix(suffix) {
            if let family = types[String(name.dropLast(suffix.count))], family == .summary || family == .histogram { return family }
        }
        return .untyped
    }
}

/// Which line is not in the format, and how.
public struct PrometheusParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public var description: String { "line \(line) of the metrics page: \(reason)" }
}
