import Foundation
@testable import KepEdgeCore
import Testing

/// edgeHub times from 1970 to 9999 are worked out by arithmetic (`CivilDate.daysSinceEpoch`) instead of a
/// Foundation Calendar; the answer must be the very Date the calendar gave, day rollover and all.
@Suite("edgeHub log times: arithmetic against the calendar")
struct EdgeHubLogDateTests {
    /// The calendar reading `EdgeHubLogLine.date` used for every year before the arithmetic.
    private static func calendarDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, seconds: Double, offsetSeconds: Int) -> Date? {
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: 0)
        return calendar.date(from: components)?.addingTimeInterval(seconds)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The line's fields as edgeHub writes them, and the parse compared with the calendar.
    private static func expectSameAsCalendar(year: Int, month: Int, day: Int, hour: Int = 13, minute: Int = 57, seconds: String = "17.901",
                                             offsetMinutes: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) {
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = "\(sign)\(twoDigits(abs(offsetMinutes) / 60)):\(twoDigits(abs(offsetMinutes) % 60))"
        let dayText = "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        let clock = "\(twoDigits(hour)):\(twoDigits(minute)):\(seconds)"
        let parsed = EdgeHubLogLine.date(day: Substring(dayText), clock: Substring(clock), offset: Substring(offset))
        let reference = calendarDate(year: year, month: month, day: day, hour: hour, minute: minute, seconds: Double(seconds)!,
                                     offsetSeconds: offsetMinutes * 60)
        #expect(parsed != nil, "\(dayText) \(clock) \(offset)", sourceLocation: sourceLocation)
        #expect(parsed == reference, "\(dayText) \(clock) \(offset): \(parsed.map { "\($0.timeIntervalSince1970)" } ?? "nil") vs \(reference.map { "\($0.timeIntervalSince1970)" } ?? "nil")",
                sourceLocation: sourceLocation)
    }

    @Test("every month, days 1-31 (past the month's end rolls into the next), in ordinary and leap years")
    func everyDay() {
        for year in [1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999] {
            for month in 1...12 {
                for day in 1...31 { Self.expectSameAsCalendar(year: year, month: month, day: day) }
            }
        }
    }

    @Test("the calendar rolls a day past the month's end into the next month, and so does the arithmetic")
    func rollover() throws {
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        func parsed(_ day: String) -> Date? { EdgeHubLogLine.date(day: Substring(day), clock: "00:00:00", offset: "+00:00") }
        let march3 = try #require(calendar.date(from: DateComponents(year: 2023, month: 3, day: 3)))
        #expect(parsed("2023-02-31") == march3)
        #expect(parsed("2024-02-31") == calendar.date(from: DateComponents(year: 2024, month: 3, day: 2)))
        #expect(parsed("2100-02-29") == calendar.date(from: DateComponents(year: 2100, month: 3, day: 1)))
        #expect(parsed("2024-04-31") == calendar.date(from: DateComponents(year: 2024, month: 5, day: 1)))
        #expect(parsed("9999-12-31") == Date(timeIntervalSince1970: 253_402_214_400))
    }

    @Test("offsets from -12:00 to +14:00 by quarter hours, and the first and last minutes of 1970 and 9999")
    func offsets() {
        for offsetMinutes in stride(from: -12 * 60, through: 14 * 60, by: 15) {
            Self.expectSameAsCalendar(year: 2024, month: 11, day: 19, offsetMinutes: offsetMinutes)
            Self.expectSameAsCalendar(year: 1970, month: 1, day: 1, hour: 0, minute: 0, seconds: "00.000", offsetMinutes: offsetMinutes)
            Self.expectSameAsCalendar(year: 9999, month: 12, day: 31, hour: 23, minute: 59, seconds: "59.999", offsetMinutes: offsetMinutes)
        }
        for offsetMinutes in [5 * 60 + 45, 5 * 60 + 30, -(3 * 60 + 30), 12 * 60 + 45, 9 * 60 + 30, -(9 * 60 + 30), 18 * 60, -18 * 60] {
            Self.expectSameAsCalendar(year: 2024, month: 2, day: 29, hour: 23, minute: 59, offsetMinutes: offsetMinutes)
        }
    }

    @Test("an offset not shaped ±HH:MM with minutes below 60 is no time", arguments: ["+05:99", "+05:60", "+05x30", "++5:30", "-+5:30", "+5:30", "+05:3", "+05:+3", "05:30", "+05:30 "])
    func malformedOffsets(offset: String) {
        #expect(EdgeHubLogLine.date(day: "2024-11-19", clock: "13:57:17.901", offset: Substring(offset)) == nil)
    }

    @Test("fractional and leap seconds")
    func fractions() {
        for seconds in ["00", "00.0", "00.5", "17.901", "17.9010001", "59.999999", "59.9999999", "60.000", "60.999", "01.1", "33.333333333"] {
            for year in [1970, 2024, 2038, 9999] {
                Self.expectSameAsCalendar(year: year, month: 6, day: 15, seconds: seconds)
                Self.expectSameAsCalendar(year: year, month: 6, day: 15, seconds: seconds, offsetMinutes: -(7 * 60))
            }
        }
    }

    @Test("a seeded random sample of dates, times and offsets")
    func randomSample() {
        var random = SplitMix64(seed: 19_700_101)
        func roll(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        for _ in 0..<3_000 {
            let millis = roll(0...999_999)
            let seconds = "\(Self.twoDigits(millis / 1000 % 60)).\(String(millis % 1000 + 1000).dropFirst())"
            Self.expectSameAsCalendar(year: roll(1970...9999), month: roll(1...12), day: roll(1...31), hour: roll(0...23), minute: roll(0...59),
                                      seconds: seconds, offsetMinutes: roll(-(14 * 60)...(14 * 60)))
        }
    }

    @Test("day counts round-trip through the civil date, from 1970 to 9999-12-31")
    func civilDateRoundTrip() {
        let last = CivilDate.daysSinceEpoch(year: 9999, month: 12, day: 31)
        #expect(CivilDate.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(last == 2_932_896)
        var previous: (year: Int, month: Int, day: Int)?
        for days in 0...last {
            let date = CivilDate.from(daysSinceEpoch: days)
            if CivilDate.daysSinceEpoch(year: date.year, month: date.month, day: date.day) != days {
                Issue.record("\(days) reads as \(date) which counts \(CivilDate.daysSinceEpoch(year: date.year, month: date.month, day: date.day))")
                return
            }
            // Consecutive days are consecutive dates: the next day of the month, or the 1st of the next month.
            if let previous {
                let nextDay = date.day == previous.day + 1 && date.month == previous.month && date.year == previous.year
                let nextMonth = date.day == 1 && (date.month == previous.month + 1 && date.year == previous.year
                    || date.month == 1 && previous.month == 12 && date.year == previous.year + 1)
                if !(nextDay || nextMonth) {
                    Issue.record("\(previous) then \(date)")
                    return
                }
            }
            previous = date
        }
    }
}
