import Foundation
@testable import KepEdgeCore

/// SAS tokens as `sas inspect` and `check` read them, through to what `sas inspect` prints:
/// the inspection, the time left and its wording. Properties: never traps; a parsed token's expiry is a
/// date the printers can show (years 1970-9999); the description never shows the signature.
func fuzz(_ data: Data) {
    let input = text(data)
    _ = try? TokenLifetime(parsing: input)
    guard let token = try? SASToken(parsing: input) else { return }
    let inspection = token.inspection
    guard (0...SASToken.latestExpiry).contains(inspection.expiryEpoch) else { fuzzFailure("expiry outside 1970-9999 accepted") }
    let now = Date(timeIntervalSince1970: 1_795_744_348)
    let left = inspection.timeLeft(at: now)
    _ = Int(left.rounded(.down))  // as `sas inspect --json` does
    _ = DurationWording.expiry(timeLeft: left)
    _ = DurationWording.timestamp(inspection.expiry)
    _ = inspection.hasPassedExpiry(at: now)
    // The sig field is masked; the signature may still be part of the resource, expiry or policy name, which
    // are shown by design (a fuzzer found `sr=…OICd4%3D…&sig=OICd4%3D`), so only those may hold it.
    let shown = String(describing: token)
    let signature = token.encodedSignature
    if signature.count >= 8, shown.contains(signature) {
        let sigField = shown.range(of: "&sig=").map { shown[$0.upperBound...].prefix { $0 != "&" } } ?? ""
        let shownByDesign = [token.encodedResourceURI, token.expiryText, token.policyName ?? ""].contains { $0.contains(signature) }
        if sigField.contains(signature) || !shownByDesign { fuzzFailure("token description shows the signature") }
    }
    _ = token.verify(with: try! SharedAccessKey(base64: "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="))
}
