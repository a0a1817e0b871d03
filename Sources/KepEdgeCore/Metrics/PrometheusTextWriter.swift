/// Writes a page in the text exposition format, as prometheus-net (edgeHub's library) does: per family
/// `# HELP`, `# TYPE`, then its samples; label values escaped; `NaN`, `+Inf`, `-Inf` spelled so.
public enum PrometheusTextWriter {
    public static func write(_ page: PrometheusExposition) -> String {
        var text = ""
        var introduced: Set<String> = []
        for sample in page.samples {
            let family = familyName(of: sample.name, in: page)
            if introduced.insert(family).inserted {
                if let help = page.help[family] {
                    text += "# HELP \(family) \(escape(help, quotes: false))\n"
                }
                if let type = page.types[family] { text += "# TYPE \(family) \(type.rawValue)\n" }
            }
            text += sample.name
            if !sample.labels.isEmpty {
                text += "{" + sample.labels.map { "\($0.name)=\"\(escape($0.value))\"" }.joined(separator: ",") + "}"
            }
            text += " " + value(sample.value)
            if let timestamp = sample.timestampMilliseconds { text += " \(timestamp)" }
            text += "\n"
        }
        return text
    }

    /// Escapes by Unicode scalar, not by Character: "\r\n" is one Character in Swift, and a line feed inside
    /// it must still be escaped or the page breaks in two (found by the prometheus-text fuzz target).
    /// HELP text escapes backslash and line feed only; label values also the double quote.
    static func escape(_ value: String, quotes: Bool = true) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\"" where quotes: escaped.append(contentsOf: "\\\"".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    static func value(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func familyName(of name: String, in page: PrometheusExposition) -> String {
        if page.types[name] != nil { return name }
        for suffix in ["_sum", "_count", "_bucket"] where name.hasSuffix(suffix) {
            let family = String(name.dropLast(suffix.count))
            if page.types[family] != nil { return family }
        }
        return name
    }
}
