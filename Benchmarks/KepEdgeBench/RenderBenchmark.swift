import Foundation
import KepEdgeCore
import KepEdgeTUI

/// Benchmark 2a: frames per second of the validation screen (step 6) with a full message pane,
/// rendered into the memory backend.
enum RenderBenchmark {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 200, height: 60)]
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// The screen under test: the wizard on step 6, its message pane holding `state.messages`.
    static func renderScreen(_ state: Wizard.State, size: TerminalSize) -> CellGrid {
        WizardScreen.render(state, WizardUI(timeZone: TimeZone(secondsFromGMT: 0) ?? .current), size: size,
                            capabilities: TerminalCapabilities(unicode: true, colors: .basic))
    }

    /// The wizard on step 6 with as many events as its pane keeps, one new event per frame after that.
    static func fullState() -> Wizard.State {
        var state = Wizard.State(now: start)
        state.current = .validation
        for index in 0..<Wizard.messageCapacity { state.messages.append(sampleEvent(index)) }
        return state
    }

    /// A Kepware message as the pane shows it (tag = value (quality) rows), an edgeHub line now and then.
    static func sampleEvent(_ index: Int) -> MonitorEvent {
        let time = start.addingTimeInterval(Double(index) / 100)
        if index % 7 == 0 {
            return MonitorEvent(time: time, source: .edgeHub, level: index % 5 == 0 ? .warning : .info,
                                text: "Client kepware-01 in device scope authenticated locally.", deviceID: "kepware-01")
        }
        let rows = (0..<8).map { tag in
            KepwarePayloadRow(tag: "Channel1.Device1.Tag\(tag)", value: String(index + tag), quality: .good, time: time)
        }
        return MonitorEvent(time: time, source: .upstream, level: .info,
                            text: "devices/kepware-01/messages/events/: 8 values", deviceID: "kepware-01", rows: rows)
    }

    static func run(frames: Int) -> BenchmarkResult {
        var result = BenchmarkResult(name: "render", bound: "CPU only: building the cell grid of the validation screen; the memory backend copies each frame.")
        for size in sizes {
            var state = fullState()
            // The memory backend keeps every frame it is given (for tests), so a fresh one per batch keeps memory bounded.
            var backend = MemoryBackend(size: size)
            let began = ContinuousClock.now
            for frame in 0..<frames {
                state.messages.append(sampleEvent(Wizard.messageCapacity + frame))
                backend.draw(renderScreen(state, size: size))
                if frame % 50 == 49 { backend = MemoryBackend(size: size) }
            }
            let seconds = Measure.seconds(ContinuousClock.now - began)
            result.add(Metric("fps_\(size.width)x\(size.height)", Double(frames) / seconds, "frames/s", atLeast: 60))
        }
        return result
    }
}
