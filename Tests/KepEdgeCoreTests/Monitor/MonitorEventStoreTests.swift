import Foundation
import KepEdgeCore
import Testing

@Suite("monitor event store")
struct MonitorEventStoreTests {
    static func event(_ number: Int, source: MonitorEvent.Source = .probe, text: String? = nil) -> MonitorEvent {
        MonitorEvent(time: Date(timeIntervalSince1970: Double(number)), source: source, level: .info, text: text ?? "event \(number)")
    }

    @Test("holds the newest N in order and counts what it dropped")
    func ringBounds() {
        var store = MonitorEventStore(capacity: 3)
        for number in 1...10 { store.append(Self.event(number)) }
        #expect(store.count == 3)
        #expect(store.dropped == 7)
        #expect(store.all.map(\.text) == ["event 8", "event 9", "event 10"])
        #expect(store.visible.map(\.text) == ["event 8", "event 9", "event 10"])
    }

    @Test("below capacity nothing is dropped; capacity 0 still holds one")
    func small() {
        var store = MonitorEventStore(capacity: 5)
        store.append(Self.event(1))
        store.append(Self.event(2))
        #expect(store.all.map(\.text) == ["event 1", "event 2"])
        #expect(store.dropped == 0)
        var tiny = MonitorEventStore(capacity: 0)
        tiny.append(Self.event(1))
        tiny.append(Self.event(2))
        #expect(tiny.all.map(\.text) == ["event 2"])
    }

    @Test("a long run keeps the storage at its capacity")
    func flatMemory() {
        var store = MonitorEventStore(capacity: 100)
        for number in 0..<10_000 { store.append(Self.event(number)) }
        #expect(store.count == 100)
        #expect(store.dropped == 9_900)
        #expect(store.all.first?.text == "event 9900")
        #expect(store.totalAppended == 10_000)
    }

    @Test("pause freezes the view while events keep arriving and are counted; resume shows them")
    func pause() {
        var store = MonitorEventStore(capacity: 10)
        store.append(Self.event(1))
        store.append(Self.event(2))
        store.pause()
        store.append(Self.event(3))
        store.append(Self.event(4))
        #expect(store.isPaused)
        #expect(store.newWhilePaused == 2)
        #expect(store.visible.map(\.text) == ["event 1", "event 2"])
        #expect(store.count == 4)
        store.resume()
        #expect(store.newWhilePaused == 0)
        #expect(store.visible.map(\.text) == ["event 1", "event 2", "event 3", "event 4"])
    }

    @Test("while paused, old events still leave the ring when it is full")
    func pauseWhileFull() {
        var store = MonitorEventStore(capacity: 3)
        for number in 1...3 { store.append(Self.event(number)) }
        store.pause()
        for number in 4...5 { store.append(Self.event(number)) }
        #expect(store.visible.map(\.text) == ["event 3"])
        #expect(store.newWhilePaused == 2)
        for number in 6...9 { store.append(Self.event(number)) }
        #expect(store.visible.isEmpty)
        #expect(store.newWhilePaused == 6)
    }

    @Test("filter by text (case-insensitive, also device and classification) and by source")
    func filter() {
        var store = MonitorEventStore(capacity: 10)
        store.append(Self.event(1, source: .probe, text: "CONNACK 0 (accepted)"))
        store.append(Self.event(2, source: .edgeHub, text: "Client kepware-01 in device scope authenticated locally."))
        store.append(MonitorEvent(time: Date(), source: .edgeHub, level: .error, text: "Error creating client identity", classification: .clientIdentityError))
        store.append(Self.event(4, source: .kepware, text: "devices/kepware-01/messages/events/: 1 value"))
        store.filter = .init(text: "connack")
        #expect(store.visible.map(\.source) == [.probe])
        store.filter = .init(text: "KEPWARE-01", sources: [.edgeHub])
        #expect(store.visible.count == 1)
        store.filter = .init(text: "client-identity")
        #expect(store.visible.first?.classification == .clientIdentityError)
        store.filter = .init(text: "  ", sources: [.kepware, .probe])
        #expect(store.visible.count == 2)
        store.filter = .init()
        #expect(store.visible.count == 4)
    }

    @Test("clear empties the ring and the dropped count; a paused view stays paused and empty")
    func clear() {
        var store = MonitorEventStore(capacity: 2)
        for number in 1...5 { store.append(Self.event(number)) }
        store.pause()
        store.clear()
        #expect(store.count == 0 && store.dropped == 0 && store.visible.isEmpty)
        #expect(store.isPaused && store.newWhilePaused == 0)
        store.append(Self.event(6))
        #expect(store.visible.isEmpty)
        #expect(store.newWhilePaused == 1)
        store.resume()
        #expect(store.visible.map(\.text) == ["event 6"])
    }

    @Test("an event is one line however its text looks; the fix shows for problems")
    func line() {
        let event = MonitorEvent(time: Date(timeIntervalSince1970: 1_732_024_637.901), source: .edgeHub, level: .error,
                                 text: "two\nlines", classification: .tokenExpired)
        let line = event.line
        #expect(line.hasPrefix("2024-11-19T13:57:17.901Z edgeHub  error   two lines [token-expired] Fix: "))
        #expect(!line.contains("\n"))
        let info = MonitorEvent(time: Date(timeIntervalSince1970: 0), source: .edgeHub, level: .info, text: "ok", classification: .newDeviceConnection)
        #expect(info.line == "1970-01-01T00:00:00.000Z edgeHub  info    ok [new-device-connection]")
    }
}
