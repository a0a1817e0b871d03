import Foundation
@testable import KepEdgeCore

/// Session files (`--session FILE`, the wizard's save). Properties: never traps; a session that decodes
/// saves, the saved file loads, and saving that gives the same bytes (a save and reload changes nothing more).
func fuzz(_ data: Data) {
    guard let session = try? SessionCodec.decode(data, path: "fuzz.json") else { return }
    guard let encoded = try? SessionCodec.encode(session) else { fuzzFailure("a decoded session does not encode") }
    guard let again = try? SessionCodec.decode(encoded, path: "fuzz.json") else { fuzzFailure("an encoded session does not decode") }
    if (try? SessionCodec.encode(again)) != encoded { fuzzFailure("a saved session changed in a reload and save") }
}
