import Foundation
import KepEdgeCore

/// The lab Kepware's simulated tags, as a KEPServerEX demo project has them: a ramp on
/// `Channel1.Device1.Tag1`, a sine, a boolean and a string, all good quality.
public struct SimulatedTags: Sendable {
    public static let ramp = "Channel1.Device1.Tag1"
    public static let sine = "Simulation.Functions.Sine1"
    public static let boolean = "Simulation.Functions.Toggle1"
    public static let text = "Simulation.Functions.Status1"
    /// Every simulated tag path (the lab's fake Kepware knows only these).
    public static let all = [ramp, sine, boolean, text]

    public init() {}

    /// One standard-template message (Kepware's default, JSON on the wire: kepware.md §3) for `tick`
    /// (0, 1, 2 … one per publish), stamped `now`: `{"timestamp": ms, "values": [{"id","v","q","t"}, …]}`.
    public func standardTemplatePayload(tick: Int, now: Date) -> Data {
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let values: [JSONValue] = [
            Self.row(Self.ramp, .int(tick % 1000), milliseconds),
            Self.row(Self.sine, .double((sin(Double(tick) / 10) * 1000).rounded() / 1000), milliseconds),
            Self.row(Self.boolean, .bool(tick % 2 == 0), milliseconds),
            Self.row(Self.text, .string(tick % 10 < 7 ? "Running" : "Idle"), milliseconds),
        ]
        let message = JSONValue.object(["timestamp": .int(Int(milliseconds)), "values": .array(values)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(message)) ?? Data()
    }

    private static func row(_ tag: String, _ value: JSONValue, _ milliseconds: Int64) -> JSONValue {
        .object(["id": .string(tag), "v": value, "q": .bool(true), "t": .int(Int(milliseconds))])
    }
}
