import Foundation

/// One line of edgeHub's log (`iotedge logs edgeHub`, `docker logs edgeHub`), read into level, time and message:
/// `<6> 2024-11-19 13:57:17.901 +00:00 [INF] - Message`, also without the `<n>` prefix and with a
/// `[SourceContext]` at debug level. Parsing never fails: an unreadable line is kept whole as the message.
public struct EdgeHubLogLine: Equatable, Sendable {
    /// The syslog severity in `<n>`, when present.
    public let severity: Int?
    public let time: Date?
    /// `INF`, `WRN`, `ERR` …, when the line had one.
    public let levelTag: String?
    public let level: MonitorEvent.Level
    /// The message after ` - `, or the whole line when it has not edgeHub's shape.
    public let message: String
    public let classification: LogClassification?

    /// Reads one line; never throws, never traps.
    public init(parsing line: String) {
        var rest = LogLineTrimming.trimmed(line)
        var severity: Int?
        if rest.hasPrefix("<"), let close = rest.firstIndex(of: ">"), let number = Int(rest[rest.index(after: rest.startIndex)..<close]) {
            severity = number
            rest = rest[rest.index(after: close)...].drop(while: { $0 == " " })
        }
        var time: Date?
        var tag: String?
        var message = String(rest)
        // "2024-11-19 13:57:17.901 +00:00 [INF] - message"
        let fields = rest.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        if fields.count == 4, let parsed = EdgeHubLogLine.date(day: fields[0], clock: fields[1], offset: fields[2]) {
            var tail = fields[3]
            if tail.hasPrefix("["), let close = tail.firstIndex(of: "]") {
                let candidate = tail[tail.index(after: tail.startIndex)..<close]
                if candidate.count == 3, candidate.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    time = parsed
                    tag = candidate.uppercased()
                    tail = tail[tail.index(after: close)...]
                    // Debug level adds " [SourceContext]" before " - ".
                    let trimmed = tail.drop(while: { $0 == " " })
                    if trimmed.hasPrefix("["), let contextEnd = trimmed.firstIndex(of: "]") {
                        tail = trimmed[trimmed.index(after: contextEnd)...]
                    }
                    let body = tail.drop(while: { $0 == " " })
                    message = String(body.hasPrefix("- ") ? body.dropFirst(2) : (body == "-" ? "" : body))
                }
            }
        }
        self.severity = severity
        self.time = time
        self.levelTag = tag
        self.message = message
        self.classification = EdgeHubLogLine.classify(message)
        self.level = EdgeHubLogLine.level(tag: tag, severity: severity, classification: classification)
    }

    /// Whether the line names `deviceID` as a whole word (client ids, usernames `hub/id/?…`, audiences).
    public func mentions(device deviceID: String) -> Bool {
        // What `words(in:).contains(deviceID)` says, without splitting the line (that was most of a line's
        // cost): an occurrence of the id that starts a word and ends one, give or take trailing dots and colons.
        let id = Array(deviceID.utf8)
        guard let last = id.last, last != UInt8(ascii: "."), last != UInt8(ascii: ":"),
              !id.contains(where: EdgeHubLogLine.separatorBytes.contains) else { return false }
        let text = Array(message.utf8)
        var from = 0
        while let offset = UTF8Search.firstOffset(of: deviceID, in: message, from: from) {
            var end = offset + id.count
            while end < text.count, text[end] == UInt8(ascii: ".") || text[end] == UInt8(ascii: ":") { end += 1 }
            let startsWord = offset == 0 || EdgeHubLogLine.separatorBytes.contains(text[offset - 1])
            let endsWord = end == text.count || EdgeHubLogLine.separatorBytes.contains(text[end])
            if startsWord, endsWord { return true }
            from = offset + 1
        }
        return false
    }

    /// The characters `words(in:)` splits at, as UTF-8 bytes.
    static let separatorBytes = Set(separators.utf8)
    private static let separators = " /?&,;\"'()[]{}\t"

    /// Whether the line belongs in a view filtered to `deviceID`: it names the device, or it is the one
    /// CONNECT-parsing error edgeHub logs without naming any client.
    public func concerns(device deviceID: String) -> Bool {
        mentions(device: deviceID) || classification == .clientIdentityError
    }

    /// The message pane's event for this line.
    public func monitorEvent(receivedAt: Date, deviceID: String? = nil) -> MonitorEvent {
        MonitorEvent(time: time ?? receivedAt, source: .edgeHub, level: .of(level, classification: classification), text: message,
                     deviceID: deviceID.flatMap { mentions(device: $0) ? $0 : nil }, classification: classification)
    }

    static func words(in text: String) -> [String] {
        text.split(whereSeparator: { separators.contains($0) })
            .map { word in
                var word = Substring(word)
                while let last = word.last, last == "." || last == ":" { word = word.dropLast() }
                return String(word)
            }
    }

    /// Known lines, most specific first ("not authenticated locally" before "authenticated locally").
    /// Wordings of today's releases and the old ones, with where each is written in Azure/iotedge (see
    /// Tests/KepEdgeCoreTests/Monitor/EdgeHubLogCorpus.swift for real lines and their sources).
    static let patterns: [(needle: String, classification: LogClassification)] = [
        // DeviceScopeAuthenticator.Events.ReauthenticatedInScope (DBG), before the "authenticated" needles.
        ("in device scope not reauthenticated locally", .notReauthenticatedLocally),
        ("in device scope reauthenticated locally", .reauthenticatedLocally),
        ("in device scope not authenticated locally", .notAuthenticatedLocally),
        ("in device scope authenticated locally", .authenticatedLocally),
        ("Successfully generated identity for clientId", .identityGenerated),
        ("Unable to generate identity for clientId", .identityNotGenerated),
        ("does not contain a valid Api-version property", .noAPIVersion),
        ("does not contain valid values", .invalidUsername),
        ("does not contain a valid device ID", .invalidUsername),
        ("Error creating client identity", .clientIdentityError),
        ("neither token nor certificate was presented", .noCredentials),
        // "(Found: True)" means in scope, credentials failed; "(Found: False)" and the pre-1.0.9 wording: not in scope.
        ("with cached service identity", .notInScopeCache),
        // DeviceScopeApiClient / NestedDeviceScopeApiClient Events.ScopeNotFound since PR #1661 (2019); NullResult before.
        ("Parent-child relationship is not set", .noDeviceScope),
        ("Received null device scope result", .noDeviceScope),
        // DeviceScopeIdentitiesCache.Events.ErrorRefreshingCache: 1.2+ "…: {id} OnBehalfOf: {edge}", 1.0/1.1 "… for {id}".
        ("Error while refreshing the service identity", .serviceIdentityRefreshFailed),
        ("was removed from device scope", .removedFromScope),
        ("has been removed from the scope", .removedFromScope),
        ("are not valid", .credentialsNotValid),
        ("because the token has expired", .tokenExpired),
        ("because the token is expired or could not be parsed", .tokenExpired),
        ("does not match IoTHub hostname", .audienceMismatch),
        ("does not match the audienceId", .audienceDeviceMismatch),
        ("is invalid", .audienceInvalid),
        ("did not match the primary or the secondary key", .signatureMismatch),
        ("service identity is not enabled", .notEnabled),
        ("failed, removing client connection", .reauthenticationFailed),
        ("Unable to re-authenticate", .reauthenticationFailed),
        ("ClientAuthenticated", .clientAuthenticated),
        ("New device connection for device", .newDeviceConnection),
        ("Error creating cloud connection for client", .cloudConnectionFailed),
        ("Created cloud connection for client", .cloudConnected),
        ("New cloud connection created for device", .cloudConnected),
        ("is True", .cloudConnected),
    ]

    static func classify(_ message: String) -> LogClassification? {
        for (needle, classification) in patterns where UTF8Search.contains(message, needle) {
            // Two short needles need their context to be sure.
            if classification == .audienceInvalid, !UTF8Search.contains(message, "Error authenticating token") { continue }
            if classification == .credentialsNotValid, !message.hasPrefix("Credentials for client") { continue }
            if classification == .cloudConnected, needle == "is True", !message.hasPrefix("Cloud connection for") { continue }
            if classification == .notInScopeCache, UTF8Search.contains(message, "(Found: True)") { return .cachedIdentityCredentialsFailed }
            return classification
        }
        return nil
    }

    static func level(tag: String?, severity: Int?, classification: LogClassification?) -> MonitorEvent.Level {
        switch tag {
        case "ERR", "FTL": return .error
        case "WRN": return .warning
        case "INF", "DBG", "VRB": return .info
        default: break
        }
        if let severity { return severity <= 3 ? .error : (severity == 4 ? .warning : .info) }
        return .info
    }

    /// The two ASCII digits at `index` of `text` (bytes), or nil: `Int` alone would also take "+5" or "-5".
    private static func twoDigits(_ text: Substring, at index: Int) -> Int? {
        let bytes = text.utf8.dropFirst(index).prefix(2)
        guard bytes.count == 2, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// `2024-11-19`, `13:57:17.901`, `+00:00` to a date; nil unless all three have exactly that shape (the
    /// offset's minutes below 60).
    static func date(day: Substring, clock: Substring, offset: Substring) -> Date? {
        let dayParts = day.split(separator: "-").compactMap { Int($0) }
        let clockParts = clock.split(separator: ":")
        guard dayParts.count == 3, clockParts.count == 3,
              let hour = Int(clockParts[0]), let minute = Int(clockParts[1]), let seconds = Double(clockParts[2]),
              offset.utf8.count == 6, let sign = offset.utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
              let offsetHours = Self.twoDigits(offset, at: 1), offset.utf8.dropFirst(3).first == UInt8(ascii: ":"),
              let offsetMinutes = Self.twoDigits(offset, at: 4), offsetMinutes < 60,
              (1...12).contains(dayParts[1]), (1...31).contains(dayParts[2]), (0...23).contains(hour), (0...59).contains(minute),
              seconds >= 0, seconds < 61
        else { return nil }
        let offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        // From 1970 to 9999 by arithmetic: a Calendar per line was a third of an edgeHub line's cost. Other years
        // go through the calendar, whose Gregorian calendar switches to Julian before 1582.
        if (1970...9999).contains(dayParts[0]), abs(offsetSeconds) <= 18 * 3600 {
            let days = CivilDate.daysSinceEpoch(year: dayParts[0], month: dayParts[1], day: dayParts[2])
            let minuteStart = days * 86_400 + hour * 3600 + minute * 60 - offsetSeconds
            // The seconds are added to the minute's Date, as below: adding them to the count since 1970 first
            // rounds differently (a Date apart in its last bit from the calendar's).
            return Date(timeIntervalSince1970: TimeInterval(minuteStart)).addingTimeInterval(seconds)
        }
        guard let zone = TimeZone(secondsFromGMT: offsetSeconds) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: dayParts[0], month: dayParts[1], day: dayParts[2], hour: hour, minute: minute, second: 0)
        guard let minuteStart = calendar.date(from: components) else { return nil }
        return minuteStart.addingTimeInterval(seconds)
    }
}
