/// How long a SAS token stays valid: `30d`, `12h`, `90m`, `3600s` or plain seconds `3600`.
public struct TokenLifetime: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// Ten years: beyond this a token is effectively permanent, which defeats the point of expiry.
    public static let maximumDays = 3650

    public let seconds: Int

    public init(seconds: Int) throws(TokenLifetimeError) {
        if seconds <= 0 { throw .notPositive(String(seconds)) }
        if seconds > TokenLifetime.maximumDays * 86_400 { throw .tooLong(String(seconds)) }
        self.seconds = seconds
    }

    public init(parsing input: String) throws(TokenLifetimeError) {
        let text = input.trimmingWhitespace().lowercased()
        let multiplier: Int
        var digits = Substring(text)
        switch text.last {
        case "d": multiplier = 86_400; digits = digits.dropLast()
        case "h": multiplier = 3_600; digits = digits.dropLast()
        case "m": multiplier = 60; digits = digits.dropLast()
        case "s": multiplier = 1; digits = digits.dropLast()
        default: multiplier = 1
        }
        if digits.hasPrefix("-") { throw .notPositive(input) }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notALifetime(input) }
        guard let count = Int(digits) else { throw .tooLong(input) }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: multiplier)
        if overflow { throw .tooLong(input) }
        if seconds == 0 { throw .notPositive(input) }
        if seconds > TokenLifetime.maximumDays * 86_400 { throw .tooLong(input) }
        self.seconds = seconds
    }

    /// The expiry (`se`) of a token made at `epoch` seconds since 1970.
    public func expiry(fromEpoch epoch: Int) -> Int {
        epoch + seconds
    }

    /// The shortest exact form: `30d`, `12h`, `90m` or `3600s` → `1h`.
    public var description: String {
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
