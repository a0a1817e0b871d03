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
    // At most `rawLimit` characters of the message, then the cut mark "… (N characters)" (the first bound here
    // forgot the mark; the fuzzer's 416-byte message showed it).
    if case .raw(let raw) = decoded, raw.count > KepwarePayload.rawLimit + 32 { fuzzFailure("raw rendering longer than its limit and its cut mark") }
}
