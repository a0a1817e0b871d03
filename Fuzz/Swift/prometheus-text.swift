import Foundation
@testable import KepEdgeCore

/// edgeHub's metrics page (`kepedge check --edgehub-metrics`, `monitor --edgehub-metrics`, step 6's flow row).
/// Properties: never traps; a page the parser accepts, written back as prometheus-net writes it, reads
/// back to the same samples (names, labels in order, values with NaN equal to NaN, timestamps); reading
/// the device counters from any accepted page never traps.
func fuzz(_ data: Data) {
    guard let page = try? PrometheusTextParser.parse(text(data)) else { return }
    _ = EdgeHubDeviceCounters.read(page, device: "kepware-device", time: Date(timeIntervalSince1970: 0))
    let written = PrometheusTextWriter.write(page)
    guard let again = try? PrometheusTextParser.parse(written) else {
        fuzzFailure("the writer's page does not parse: \(written.prefix(200))")
    }
    guard again.samples.count == page.samples.count else { fuzzFailure("sample count changed on a round trip") }
    for (first, second) in zip(page.samples, again.samples) {
        let sameValue = first.value == second.value || (first.value.isNaN && second.value.isNaN)
        if first.name != second.name || first.labels != second.labels || !sameValue
            || first.timestampMilliseconds != second.timestampMilliseconds {
            fuzzFailure("sample changed on a round trip: \(first) became \(second)")
        }
    }
}
