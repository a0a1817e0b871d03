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
                    text += "# HELP \(family) \(help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n"))\n"
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

    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
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
