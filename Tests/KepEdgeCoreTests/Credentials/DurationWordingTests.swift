import KepEdgeCore
import Testing

@Suite struct DurationWordingTests {
    @Test func twoLargestUnits() {
        #expect(DurationWording.describe(0) == "0 seconds")
        #expect(DurationWording.describe(1) == "1 second")
        #expect(DurationWording.describe(90) == "1 minute 30 seconds")
        #expect(DurationWording.describe(30 * 86_400 - 3_600) == "29 days 23 hours")
        #expect(DurationWording.describe(-(10 * 365 * 86_400 + 100 * 86_400)) == "10 years 100 days")
        #expect(DurationWording.expiry(timeLeft: 3_600) == "expires in 1 hour")
        #expect(DurationWording.expiry(timeLeft: -120) == "expired 2 minutes ago")
    }
}
