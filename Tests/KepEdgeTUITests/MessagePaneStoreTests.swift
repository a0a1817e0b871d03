import Foundation
import KepEdgeCore
import KepEdgeTUI
import Testing

/// The message pane reading the wizard's event store: local wall-clock times, and scrolling far back
/// through a full store even though only the lines a pane can show are formatted.
@Suite struct MessagePaneStoreTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T14:13:20Z

    static func store(events: Int) -> MonitorEventStore {
        var store = MonitorEventStore(capacity: 1_000)
        for index in 0..<events {
            store.append(MonitorEvent(time: start.addingTimeInterval(Double(index)), source: .broker, level: .info, text: "event \(index)"))
        }
        return store
    }

    @Test func timesAreTheWallClockOfTheGivenZone() throws {
        let utc = MessagePaneView(store: Self.store(events: 1))
        #expect(utc.messages.map(\.time) == ["14:13:20"])
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))  // CEST, +2 h in September
        #expect(MessagePaneView(store: Self.store(events: 1), timeZone: berlin).messages.map(\.time) == ["16:13:20"])
        let honolulu = try #require(TimeZone(identifier: "Pacific/Honolulu"))  // -10 h: the day before
        #expect(MessagePaneView(store: Self.store(events: 1), timeZone: honolulu).messages.map(\.time) == ["04:13:20"])
    }

    @Test func scrollingBackReachesTheOldestEventOfAFullStore() {
        let store = Self.store(events: 1_000)
        let newest = MessagePaneView(store: store).visibleMessages(rows: 5)
        #expect(newest.map(\.text) == (995..<1_000).map { "event \($0)" })
        let back = MessagePaneView(store: store, scrollOffset: 900).visibleMessages(rows: 5)
        #expect(back.map(\.text) == (95..<100).map { "event \($0)" })
        // Past the oldest: clamped to the first page, as the pane always did.
        let tooFar = MessagePaneView(store: store, scrollOffset: 5_000).visibleMessages(rows: 5)
        #expect(tooFar.map(\.text) == (0..<5).map { "event \($0)" })
    }
}
