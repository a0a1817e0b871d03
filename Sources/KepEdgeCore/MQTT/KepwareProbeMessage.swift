import Foundation

/// The test message the probe publishes: one value in Kepware's standard-template JSON, so whatever reads
/// Kepware's messages downstream (routes, monitor-events) sees it as Kepware would send it.
public enum KepwareProbeMessage {
    /// The tag id the probe's value carries.
    public static let tagID = "kepedge.probe"

    /// `{"timestamp":ms,"values":[{"id":"kepedge.probe","v":sequence,"q":true,"t":ms}]}`
    public static func payload(sequence: Int, at time: Date) -> Data {
        let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded())
        let text = #"{"timestamp":\#(milliseconds),"values":[{"id":"\#(tagID)","v":\#(sequence),"q":true,"t":\#(milliseconds)}]}"#
        return Data(text.utf8)
    }
}
