import Foundation
import KepEdgeCore
import Testing

@Suite struct SASTokenParsingTests {
    static let vectorA = "SharedAccessSignature sr=iot-hub-for-test.azure-devices.net%2Fdevices%2Fiot-device-for-test&sig=SIumZ1ACqqPJZ2okHDlW9MSYKykEpqsQY3z6FMOICd4%3D&se=1471940363"
    static let signature = "SIumZ1ACqqPJZ2okHDlW9MSYKykEpqsQY3z6FMOICd4"
    static let key = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="

    @Test func inspectionDecodesAudienceDeviceAndExpiry() throws {
        let inspection = try SASToken(parsing: Self.vectorA).inspection
        #expect(inspection.resourceURI == "iot-hub-for-test.azure-devices.net/devices/iot-device-for-test")
        #expect(inspection.hubHostName == "iot-hub-for-test.azure-devices.net")
        #expect(inspection.deviceID == "iot-device-for-test")
        #expect(inspection.moduleID == nil)
        #expect(inspection.policyName == nil)
        #expect(inspection.expiryEpoch == 1_471_940_363)
        #expect(inspection.expiry == Date(timeIntervalSince1970: 1_471_940_363))
    }

    @Test func fieldsInAnyOrderWithAnyNameCaseAndSurroundingWhitespace() throws {
        let shuffled = "  SharedAccessSignature SE=1471940363&Sig=SIumZ1ACqqPJZ2okHDlW9MSYKykEpqsQY3z6FMOICd4%3D&sr=iot-hub-for-test.azure-devices.net%2Fdevices%2Fiot-device-for-test\n"
        let token = try SASToken(parsing: shuffled)
        #expect(token.verify(with: try SharedAccessKey(base64: Self.key)))
        #expect(token.inspection.deviceID == "iot-device-for-test")
    }

    @Test func signatureIsCheckedOverSrExactlyAsSent() throws {
        // Lower-case %2f signs different bytes: edgeHub verifies the exact sr, so a token re-encoded
        // after signing must fail even though it decodes to the same audience.
        let relowered = Self.vectorA.replacingOccurrences(of: "%2F", with: "%2f")
        let token = try SASToken(parsing: relowered)
        #expect(token.inspection.deviceID == "iot-device-for-test")
        #expect(!token.verify(with: try SharedAccessKey(base64: Self.key)))
    }

    @Test func unencodedSrAsTheCSDKSendsItVerifiesOverTheExactBytes() throws {
        let key = try SharedAccessKey(base64: "kew=")
        let signature = key.signature(of: "myhub.azure-devices.net/devices/kepware-01\n1900000000")
        let encodedSignature = signature.replacingOccurrences(of: "+", with: "%2b").replacingOccurrences(of: "/", with: "%2f")
            .replacingOccurrences(of: "=", with: "%3d")
        let token = try SASToken(parsing: "SharedAccessSignature sr=myhub.azure-devices.net/devices/kepware-01&sig=\(encodedSignature)&se=1900000000")
        #expect(token.verify(with: key))
        #expect(token.inspection.deviceID == "kepware-01")
        #expect(token.inspection.hubHostName == "myhub.azure-devices.net")
    }

    @Test func changedExpiryFailsVerification() throws {
        let token = try SASToken(parsing: Self.vectorA.replacingOccurrences(of: "se=1471940363", with: "se=1471940364"))
        #expect(!token.verify(with: try SharedAccessKey(base64: Self.key)))
    }

    @Test func expiryHonoursEdgeHubsFiveMinuteSkew() throws {
        let inspection = try SASToken(parsing: Self.vectorA).inspection
        let expiry = inspection.expiry
        #expect(!inspection.hasPassedExpiry(at: expiry))
        #expect(inspection.hasPassedExpiry(at: expiry.addingTimeInterval(1)))
        #expect(!inspection.isExpired(at: expiry.addingTimeInterval(299)))
        #expect(!inspection.isExpired(at: expiry.addingTimeInterval(300)))
        #expect(inspection.isExpired(at: expiry.addingTimeInterval(301)))
        #expect(inspection.timeLeft(at: expiry.addingTimeInterval(-60)) == 60)
        #expect(inspection.timeLeft(at: expiry.addingTimeInterval(90)) == -90)
    }

    @Test(arguments: [
        ("", SASTokenError.empty),
        ("sr=a&sig=b&se=1", .notASharedAccessSignature),
        ("SharedAccessSignature", .notASharedAccessSignature),
        ("Bearer sr=a&sig=b&se=1", .notASharedAccessSignature),
        ("SharedAccessSignature sr=a&sig=b &se=1", .unexpectedWhitespace),
        // edgeHub's rawToken.Split() keeps the empty part between two spaces: a third part, refused (issue 13 §4).
        ("SharedAccessSignature  sr=a&sig=b&se=1", .doubledSpace),
        ("SharedAccessSignature\t sr=a&sig=b&se=1", .doubledSpace),
        ("SharedAccessSignature sig=b&se=1", .missingField("sr")),
        ("SharedAccessSignature sr=a&se=1", .missingField("sig")),
        ("SharedAccessSignature sr=a&sig=b", .missingField("se")),
        ("SharedAccessSignature sr=&sig=b&se=1", .emptyField("sr")),
        ("SharedAccessSignature sr=a&sig=b&se=1&sr=c", .duplicateField("sr")),
        ("SharedAccessSignature sr=a&sig=bc==&se=1", .unencodedEquals(field: "sig")),
        ("SharedAccessSignature sr=a&sigb&se=1", .fieldWithoutEquals(index: 2)),
        ("SharedAccessSignature sr=a%2&sig=b&se=1", .badPercentEncoding(field: "sr")),
        ("SharedAccessSignature sr=a&sig=b&se=soon", .badExpiry("soon")),
        ("SharedAccessSignature sr=a&sig=b&se=-5", .badExpiry("-5")),
        ("SharedAccessSignature sr=a&sig=b&se=99999999999999999999999", .badExpiry("99999999999999999999999")),
    ])
    func malformedTokensNameTheProblem(input: String, expected: SASTokenError) {
        #expect(throws: expected) { try SASToken(parsing: input) }
    }

    /// A pasted password reaches edgeHub whole: a trailing line break or space is a third part for its Split().
    @Test(arguments: [
        ("SharedAccessSignature sr=a&sig=b&se=1\n", "ends with a line break"),
        ("SharedAccessSignature sr=a&sig=b&se=1\r\n", "ends with a line break"),
        ("SharedAccessSignature sr=a&sig=b&se=1 ", "ends with a space"),
        (" SharedAccessSignature sr=a&sig=b&se=1", "starts with a space"),
    ])
    func pastedTokensWithSurroundingWhitespaceAreRefusedAsEdgeHubDoes(input: String, problem: String) throws {
        #expect(throws: SASTokenError.surroundingWhitespace(problem)) { try SASToken(parsingExactly: input) }
        #expect(SASTokenError.surroundingWhitespace(problem).description.contains("edgeHub"))
        // A token read from a file keeps being read (files end with a line break).
        _ = try SASToken(parsing: input)
        _ = try SASToken(parsingExactly: input.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func errorTextNeverQuotesTheSignature() {
        let withRawPadding = "SharedAccessSignature sr=a&sig=\(Self.signature)==&se=1"
        do {
            _ = try SASToken(parsing: withRawPadding)
            Issue.record("a raw '=' in sig must be refused")
        } catch {
            #expect(!error.description.contains(Self.signature))
            #expect(error.description.contains("%3D"))
        }
    }

    @Test func descriptionMasksTheSignature() throws {
        let token = try SASToken(parsing: Self.vectorA)
        for rendering in [token.description, String(describing: token), String(reflecting: token), "\(token)", "\(token.value)"] {
            #expect(!rendering.contains(Self.signature), "leaked in: \(rendering)")
        }
        #expect(token.description.contains("sr=iot-hub-for-test.azure-devices.net%2Fdevices%2Fiot-device-for-test"))
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!dumped.contains(Self.signature))
    }

    @Test func plusInSigIsReadAsASpaceLikeEdgeHub() throws {
        // Vector F's signature contains '+'; sent raw (not %2B), .NET's UrlDecode turns it into a space.
        let raw = "SharedAccessSignature sr=host%2Fdevices%2Fdevice&sig=wM3XiP6gD960IxP7J5WHqnxQHEcWC6YaQCtoMT+kKHc%3D&se=12345"
        let encoded = raw.replacingOccurrences(of: "MT+kKHc", with: "MT%2BkKHc")
        let key = try SharedAccessKey(base64: "kew=")
        #expect(try SASToken(parsing: encoded).verify(with: key))
        #expect(try !SASToken(parsing: raw).verify(with: key))
    }
}
