import Foundation
import KepEdgeCore
import Testing

/// The pane reads `newestVisible(_:)` and `visibleCount` instead of copying `visible`: both must answer exactly
/// what `Array(visible.suffix(n))` and `visible.count` answer, in every state the store can be in.
@Suite("monitor event store: the newest visible events")
struct MonitorEventStoreNewestVisibleTests {
    private static let sources = MonitorEvent.Source.allCases

    private static func event(_ number: Int, source: MonitorEvent.Source, text: String, device: String? = nil,
                              classification: LogClassification? = nil) -> MonitorEvent {
        MonitorEvent(time: Date(timeIntervalSince1970: Double(number)), source: source, level: .info, text: text,
                     deviceID: device, classification: classification)
    }

    /// Every window size the pane could ask for, against the copy it replaced.
    private static func expectSameAsVisible(_ store: MonitorEventStore, _ state: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let visible = store.visible
        #expect(store.visibleCount == visible.count, "\(state)", sourceLocation: sourceLocation)
        for limit in Set([0, 1, 2, 3, visible.count - 1, visible.count, visible.count + 1, store.capacity, store.capacity + 7]) where limit >= 0 {
            #expect(store.newestVisible(limit) == Array(visible.suffix(limit)), "\(state), newest \(limit)", sourceLocation: sourceLocation)
        }
    }

    @Test("empty, partly full, wrapped, paused with events after the pause, and cleared")
    func namedStates() {
        var store = MonitorEventStore(capacity: 5)
        Self.expectSameAsVisible(store, "empty")
        for number in 1...3 { store.append(Self.event(number, source: .broker, text: "event \(number)")) }
        Self.expectSameAsVisible(store, "partly full")
        #expect(store.newestVisible(2).map(\.text) == ["event 2", "event 3"])
        for number in 4...12 { store.append(Self.event(number, source: number.isMultiple(of: 2) ? .edgeHub : .broker, text: "event \(number)")) }
        Self.expectSameAsVisible(store, "wrapped")
        #expect(store.newestVisible(3).map(\.text) == ["event 10", "event 11", "event 12"])
        store.pause()
        for number in 13...15 { store.append(Self.event(number, source: .broker, text: "event \(number)")) }
        Self.expectSameAsVisible(store, "paused, three new")
        #expect(store.newestVisible(10).map(\.text) == ["event 11", "event 12"])
        store.filter = .init(text: " EVENT 1 ", sources: [.edgeHub])
        Self.expectSameAsVisible(store, "paused, filtered by text and source")
        #expect(store.newestVisible(10).map(\.text) == ["event 12"])
        for number in 16...30 { store.append(Self.event(number, source: .edgeHub, text: "event \(number)")) }
        Self.expectSameAsVisible(store, "paused past the whole ring")
        store.clear()
        Self.expectSameAsVisible(store, "cleared while paused")
        store.resume()
        store.filter = .init()
        Self.expectSameAsVisible(store, "cleared and resumed")
        store.append(Self.event(31, source: .probe, text: "event 31"))
        Self.expectSameAsVisible(store, "one after clear")
        #expect(store.newestVisible(5).map(\.text) == ["event 31"])
    }

    @Test("a seeded random run of appends, pauses, filters and clears")
    func randomOperations() {
        var random = SplitMix64(seed: 20_261_202)
        func roll(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let words = ["connected", "Refused", "kepware-01", "tls", "ünïcode", ""]
        let devices: [String?] = [nil, "kepware-01", "kepware-02"]
        let filterTexts = ["", "kepware-01", "REFUSED", "ünï", "zzz", "  tls  ", "cloud-connected", "1"]
        for capacity in [1, 2, 7, 16] {
            var store = MonitorEventStore(capacity: capacity)
            var number = 0
            for step in 0..<600 {
                switch roll(20) {
                case 0: store.pause()
                case 1: store.resume()
                case 2: store.clear()
                case 3, 4:
                    let sources = Set((0..<roll(3)).map { _ in Self.sources[roll(Self.sources.count)] })
                    store.filter = .init(text: filterTexts[roll(filterTexts.count)], sources: sources)
                default:
                    number += 1
                    let classification: LogClassification? = roll(4) == 0 ? .cloudConnected : nil
                    store.append(Self.event(number, source: Self.sources[roll(Self.sources.count)],
                                            text: "\(words[roll(words.count)]) \(number)", device: devices[roll(devices.count)],
                                            classification: classification))
                }
                Self.expectSameAsVisible(store, "capacity \(capacity), step \(step)")
            }
        }
    }
}
