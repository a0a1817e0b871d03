import Foundation

/// When kepedge itself connects to the gateway (step 1's TLS probe, step 2's port check, step 6's probe), the
/// lab broker logs that connection like any other, and mostly as a failure: a port check closes before the TLS
/// handshake (`Client connection from 127.0.0.1 failed: error:0A000126…`), a probe with the wrong CA sends an
/// alert (`OpenSSL Error[0]: …unknown ca`). A newcomer reads those as the problem. Such lines cannot be avoided
/// (a TCP check against a TLS port, and a verification that fails, are what the steps must do), so they are
/// labelled: a broker line about a connection without a client id, logged while one of kepedge's own
/// connections was open, is shown as kepedge's own probe, at info weight.
///
/// Pure: the runtime says when its connections open and close; `label` decides from an event's time.
public struct OwnProbeWindows: Equatable, Sendable {
    public struct Window: Equatable, Sendable {
        public var start: Date
        /// nil while the connection is open.
        public var end: Date?
    }

    public private(set) var windows: [Int: Window] = [:]
    private var nextID = 0

    /// mosquitto's log times are whole seconds: a window is widened by this much on each side.
    public static let slack: TimeInterval = 2
    /// What a labelled line starts with.
    public static let prefix = "kepedge probe: "
    /// Windows kept (the oldest go first); older ones no longer matter once their lines have arrived.
    static let kept = 16

    public init() {}

    /// One of kepedge's own connections to the gateway opens now; returns its id for `end`.
    public mutating func begin(at time: Date) -> Int {
        let id = nextID
        nextID += 1
        windows[id] = Window(start: time, end: nil)
        if windows.count > Self.kept, let oldest = windows.keys.min() { windows[oldest] = nil }
        return id
    }

    public mutating func end(_ id: Int, at time: Date) {
        windows[id]?.end = time
    }

    /// Whether `event` is a broker line about an anonymous connection logged during one of kepedge's own.
    public func isOwn(_ event: MonitorEvent) -> Bool {
        guard Self.isAnonymousConnectionLine(event) else { return false }
        return windows.values.contains { window in
            event.time >= window.start.addingTimeInterval(-Self.slack) && event.time <= (window.end ?? .distantFuture).addingTimeInterval(Self.slack)
        }
    }

    /// `event` as kepedge's own probe (info, no failure classification), or unchanged.
    public func label(_ event: MonitorEvent) -> MonitorEvent {
        guard isOwn(event) else { return event }
        var labelled = event
        labelled.level = .info
        labelled.classification = nil
        labelled.text = Self.prefix + event.text
        return labelled
    }

    /// The lines mosquitto writes about a connection before (or without) a client id: accepted, TLS failures,
    /// and its end. Lines that name a client (Kepware's, the device probe's CONNECT) are never relabelled.
    static func isAnonymousConnectionLine(_ event: MonitorEvent) -> Bool {
        guard event.source == .broker, event.deviceID == nil else { return false }
        let text = event.text
        return text.hasPrefix("New connection from ") || text.hasPrefix("Client connection from ")
            || text.hasPrefix("OpenSSL Error") || text.contains("SSL routines") || text.hasPrefix("Client <unknown> ")
    }
}
