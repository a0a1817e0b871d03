import Foundation

/// The one rule every number a flag takes goes through: a unit and a range. Outside them the user gets one
/// line naming the flag, the value and what to give (exit 2), never a trap later in `Int(Double)` or
/// `a + b` (issue 17: `--kepware-timeout 9223372036854775807` overflowed, negative timeouts fired at once).
enum NumberOptions {
    /// A TCP port, 1-65535. `usual` names the port the option normally takes.
    static func port(_ value: Int?, option: String = "--port", usual: String = "edgeHub's MQTT port is 8883") throws {
        guard let value, !(1...65_535).contains(value) else { return }
        throw CLIFailure.input("\(option) \(value): not a TCP port; give 1-65535 (\(usual))")
    }

    /// A whole number of `unit` (seconds, days, entries) within `range`.
    static func whole(_ value: Int?, option: String, unit: String, in range: ClosedRange<Int>) throws {
        guard let value, !range.contains(value) else { return }
        throw CLIFailure.input("\(option) \(value): give \(unit) between \(range.lowerBound) and \(range.upperBound)")
    }

    /// Seconds as a decimal number within `range` (NaN and infinities are outside every range).
    static func seconds(_ value: Double, option: String, in range: ClosedRange<Double>) throws {
        guard !value.isFinite || !range.contains(value) else { return }
        throw CLIFailure.input("\(option) \(value): give seconds between \(Self.text(range.lowerBound)) and \(Self.text(range.upperBound))")
    }

    /// `0.1`, `120` (no `.0` on whole numbers).
    private static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
