import Foundation
@testable import KepEdgeProbes
import Testing

/// The gate decides how much AMQP credit the hub-events reader may give: room is what neither unread events
/// nor credit already granted take, and a starved reader is woken once the consumer has read enough.
@Suite struct HubEventsFlowGateTests {
    @Test func roomIsTheCapacityLessUnreadEventsAndGrantedCredit() {
        let gate = HubEventsFlowGate(capacity: 10)
        #expect(gate.room(besides: 0) == 10)
        for _ in 0..<3 { gate.handedDown() }
        #expect(gate.room(besides: 4) == 3)
        #expect(gate.room(besides: 9) == 0, "never negative: credit already granted may exceed what is left")
        gate.consumed()
        #expect(gate.room(besides: 4) == 4)
        #expect(gate.heldCount == 2)
        #expect(gate.peakHeld == 3)
    }

    @Test func theWakeRunsOnceWhenTheConsumerHasReadDownToTheLimit() {
        let gate = HubEventsFlowGate(capacity: 10)
        let wakes = Counter()
        for _ in 0..<8 { gate.handedDown() }
        gate.wake(whenHeldAtMost: 5) { wakes.add() }
        gate.consumed()
        gate.consumed()
        #expect(wakes.value == 0, "6 still held")
        gate.consumed()
        #expect(wakes.value == 1)
        gate.consumed()
        gate.consumed()
        #expect(wakes.value == 1, "a wake runs once")
    }

    @Test func aWakeForRoomAlreadyThereRunsAtOnce() {
        let gate = HubEventsFlowGate(capacity: 10)
        let wakes = Counter()
        gate.handedDown()
        gate.wake(whenHeldAtMost: 1) { wakes.add() }
        #expect(wakes.value == 1)
    }

    @Test func aCancelledWakeNeverRuns() {
        let gate = HubEventsFlowGate(capacity: 10)
        let wakes = Counter()
        for _ in 0..<4 { gate.handedDown() }
        gate.wake(whenHeldAtMost: 0) { wakes.add() }
        gate.cancelWake()
        for _ in 0..<4 { gate.consumed() }
        #expect(wakes.value == 0)
    }

    @Test func aNewWakeReplacesTheOneNotYetRun() {
        let gate = HubEventsFlowGate(capacity: 10)
        let first = Counter(), second = Counter()
        for _ in 0..<4 { gate.handedDown() }
        gate.wake(whenHeldAtMost: 3) { first.add() }
        gate.wake(whenHeldAtMost: 1) { second.add() }
        gate.consumed()
        #expect(first.value == 0)
        gate.consumed()
        gate.consumed()
        #expect(first.value == 0)
        #expect(second.value == 1)
    }

    /// The reader thread and the consumer count at once: a lost update would leave the count off, and with it
    /// the credit the reader gives (too little: a reader asleep for good; too much: a buffer over its bound).
    @Test func countsStayExactWhenThreadsHandDownAndConsumeAtOnce() async {
        let gate = HubEventsFlowGate(capacity: 100)
        let perTask = 20_000
        for _ in 0..<(2 * perTask) { gate.handedDown() }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { for _ in 0..<perTask { gate.consumed() } }
            }
            for _ in 0..<2 {
                group.addTask { for _ in 0..<perTask { gate.handedDown() } }
            }
        }
        #expect(gate.heldCount == 0)
        #expect(gate.room(besides: 0) == 100)
    }

    @Test func consumersOnSeveralThreadsRunTheWakeExactlyOnce() async {
        let gate = HubEventsFlowGate(capacity: 100)
        let wakes = Counter()
        let perTask = 20_000
        for _ in 0..<(4 * perTask) { gate.handedDown() }
        gate.wake(whenHeldAtMost: 2 * perTask) { wakes.add() }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { for _ in 0..<perTask { gate.consumed() } }
            }
        }
        #expect(wakes.value == 1)
        #expect(gate.heldCount == 0)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func add() { lock.withLock { count += 1 } }
}
