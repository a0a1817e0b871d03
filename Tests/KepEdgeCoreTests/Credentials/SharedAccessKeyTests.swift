import KepEdgeCore
import Testing

@Suite struct SharedAccessKeyTests {
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="

    @Test(arguments: ["kew=", "cGFzc3dvcmQ=", key, "AAAA", "AA=="])
    func acceptsStrictPaddedBase64(text: String) throws {
        #expect(try SharedAccessKey(base64: text).base64.revealed == text)
    }

    @Test(arguments: ["key", "kew", "ke==x", "kew==", "k===", "ab cd===", "abc-", "abc_", " kew=", "kew=\n", "=abc", "a==="])
    func refusesAnythingLooser(text: String) {
        #expect(throws: SharedAccessKeyError.self) { try SharedAccessKey(base64: text) }
    }

    @Test func emptyIsItsOwnError() {
        #expect(throws: SharedAccessKeyError.empty) { try SharedAccessKey(base64: "") }
    }

    @Test func errorsNeverEchoTheKey() {
        let truncated = String(Self.key.dropLast(3))
        do {
            _ = try SharedAccessKey(base64: truncated)
            Issue.record("a truncated key must be refused")
        } catch {
            #expect(error.description.contains("not valid base64"))
            #expect(!error.description.contains(truncated.prefix(12)))
        }
    }

    @Test func descriptionsAreMasked() throws {
        let key = try SharedAccessKey(base64: Self.key)
        var dumped = ""
        dump(key, to: &dumped)
        for rendering in [key.description, String(describing: key), String(reflecting: key), "\(key)", dumped] {
            #expect(!rendering.contains("XLy"), "leaked in: \(rendering)")
        }
    }
}
