import Testing
import KepEdgeTUI

@Suite struct MessageLogTests {
    private func event(_ n: Int) -> PaneMessage {
        PaneMessage(time: "00:00:00", source: "mqtt", level: .info, text: "event \(n)")
    }

    @Test func pauseFreezesTheViewCountsNewEventsAndResumeShowsThem() {
        var log = MessageLog()
        log.append(event(1))
        log.togglePause()
        log.append(event(2))
        log.append(event(3))
        #expect(log.view.messages.map(\.text) == ["event 1"])
        #expect(log.view.newWhilePaused == 2)
        #expect(log.view.title(.ascii) == "Messages - PAUSED, 2 new")
        log.togglePause()
        #expect(log.view.messages.map(\.text) == ["event 1", "event 2", "event 3"])
        #expect(log.view.newWhilePaused == 0)
    }

    @Test func scrolledBackTheSameLinesStayInViewAsEventsArrive() {
        var log = MessageLog()
        (1...10).forEach { log.append(event($0)) }
        log.scrollBack(by: 3)
        let before = log.view.visibleMessages(rows: 2).map(\.text)
        log.append(event(11))
        #expect(log.view.visibleMessages(rows: 2).map(\.text) == before)
        log.scrollForward(by: 100)
        #expect(log.view.visibleMessages(rows: 2).map(\.text) == ["event 10", "event 11"])
    }

    @Test func capacityDropsTheOldestAndKeepsThePauseCountRight() {
        var log = MessageLog(capacity: 3)
        (1...3).forEach { log.append(event($0)) }
        log.togglePause()
        log.append(event(4))
        #expect(log.messages.map(\.text) == ["event 2", "event 3", "event 4"])
        #expect(log.view.messages.map(\.text) == ["event 2", "event 3"])
        #expect(log.view.newWhilePaused == 1)
    }

    @Test func clearEmptiesThePaneAndEndsThePause() {
        var log = MessageLog()
        log.append(event(1))
        log.togglePause()
        log.filter = "mqtt"
        log.clear()
        #expect(log.view.messages.isEmpty)
        #expect(!log.isPaused)
        #expect(log.filter == "mqtt")  // the filter is a setting, not content
    }
}
