import Foundation

/// Durations in words for people: `29 days 23 hours`, `5 minutes`, `expired 10 years ago`.
public enum DurationWording {
    /// The two largest units of `seconds` (sign ignored), e.g. `3 days 4 hours`, `45 seconds`.
    public static func describe(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite else { return "forever" }
        var remaining = Int(abs(seconds).rounded(.down))
        let units: [(String, Int)] = [("year", 365 * 86_400), ("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1)]
        var parts: [String] = []
        for (name, size) in units where remaining >= size && parts.count < 2 {
            let count = remaining / size
            remaining -= count * size
            parts.append("\(count) \(name)\(count == 1 ? "" : "s")")
        }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " ")
    }

    /// ISO 8601 in UTC, e.g. `2016-08-23T08:19:23Z`: unambiguous across the gateway, Kepware's PC and the portal.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// `expires in 29 days 23 hours` or `expired 10 years ago`.
    public static func expiry(timeLeft: TimeInterval) -> String {
        timeLeft >= 0 ? "expires in \(describe(timeLeft))" : "expired \(describe(timeLeft)) ago"
    }
}
