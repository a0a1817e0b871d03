import Foundation
@testable import KepEdgeCore

/// Messages Kepware's MQTT agent publishes (standard template), differential: whatever the byte-level
/// `StandardTemplateScanner` reads must equal what `JSONDecoder` reads (the scanner may decline, never differ).
func fuzz(_ data: Data) {
    let decoded = KepwarePayload.decode(data)
    if let scanned = StandardTemplateScanner.scan(data) {
        let reference = KepwarePayload.decodeWithJSONDecoder(data)
        if scanned != reference { fuzzFailure("scanner \(scanned) != JSONDecoder \(reference)") }
    }
    if case .raw(let raw) = decoded, raw.count > KepwarePayload.rawLimit + 1 { fuzzFailure("raw rendering longer than its limit") }
}
