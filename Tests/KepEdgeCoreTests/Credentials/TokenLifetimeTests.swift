import KepEdgeCore
import Testing

@Suite struct TokenLifetimeTests {
    @Test(arguments: [("30d", 2_592_000), ("12h", 43_200), ("90m", 5_400), ("3600s", 3_600), ("3600", 3_600), (" 7D ", 604_800), ("1s", 1)])
    func parsesUnits(text: String, seconds: Int) throws {
        #expect(try TokenLifetime(parsing: text).seconds == seconds)
    }

    @Test(arguments: ["", "d", "abc", "1.5h", "30 d", "1w", "h30", "+5m", "٣h"])
    func refusesGarbage(text: String) {
        #expect(throws: TokenLifetimeError.notALifetime(text)) { try TokenLifetime(parsing: text) }
    }

    @Test(arguments: ["0", "0d", "-5m", "-1"])
    func refusesZeroAndNegative(text: String) {
        #expect(throws: TokenLifetimeError.notPositive(text)) { try TokenLifetime(parsing: text) }
    }

    @Test(arguments: ["99999999999999999999999", "9223372036854775807d", "3651d"])
    func refusesOverflowAndAbsurdLengths(text: String) {
        #expect(throws: TokenLifetimeError.tooLong(text)) { try TokenLifetime(parsing: text) }
    }

    @Test func messagesSayWhatToType() {
        #expect(TokenLifetimeError.notALifetime("abc").description.contains("e.g. 30d, 12h, 90m, 3600s"))
        #expect(TokenLifetimeError.notPositive("0").description.contains("more than zero"))
    }

    @Test func describesItselfShortest() throws {
        #expect(try TokenLifetime(parsing: "3600").description == "1h")
        #expect(try TokenLifetime(parsing: "720h").description == "30d")
        #expect(try TokenLifetime(parsing: "61s").description == "61s")
        #expect(try TokenLifetime(parsing: "1h").expiry(fromEpoch: 1_000) == 4_600)
    }
}
