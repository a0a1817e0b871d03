import Foundation
import KepEdgeCore
import Testing

/// Issue 17, item 5: edgeHub reads `se` into a .NET DateTime, which ends at 9999-12-31; a later expiry
/// is refused there, so inspection must not call it valid with an impossible date.
@Suite struct SASExpiryBoundTests {
    static func token(se: String) -> String {
        "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fkepware-01&sig=abc%3D&se=\(se)"
    }

    @Test("an se after the year 9999 is refused with a line that says so", arguments: ["253402300800", "9223372036854775807"])
    func beyond9999(se: String) {
        #expect(throws: SASTokenError.expiryBeyondYear9999(se)) { try SASToken(parsing: Self.token(se: se)) }
        #expect(SASTokenError.expiryBeyondYear9999(se).description.contains("after the year 9999"))
    }

    @Test("the last second of 9999 is still a token")
    func lastSecond() throws {
        let token = try SASToken(parsing: Self.token(se: "253402300799"))
        #expect(token.inspection.expiry == Date(timeIntervalSince1970: 253_402_300_799))
    }
}
