import Foundation
import KepEdgeCore

/// A screen drawn with the wizard's own parts, for `kepedge ui-selftest` and the terminal tests: the
/// frame (header, step bar in every status, connection pane, key bar), a body built and drawn as a step
/// screen's is (`BodyBuilder`, `BodyRenderer`: focus, an inline error, the fixed-width secret mask,
/// buttons, the spinner), the message pane over a `MonitorEventStore`, help and the quit question.
/// Keys: Tab/Shift-Tab move focus, typing edits the focused field, F2 reveals the secret, F4 pauses the
/// messages, PgDn/PgUp move the current step, F1 or ? help, F10 or q quit (asking once a field was
/// edited), Esc closes help or the question.
public enum FrameworkDemo {
    /// One field of the demo's body.
    public struct Field: Equatable, Sendable {
        public var label: String
        public var text: TextField
        public var isSecret = false
        public var error: String?
        public var hint: String?
    }

    public struct State: Equatable, Sendable {
        public var fields: [Field]
        public var actions: [String]
        /// Fields first, then buttons (as on a step screen).
        public var focus = 0
        public var revealsSecrets = false
        public var steps: StepBarView
        public var messages: MonitorEventStore
        public var showsHelp = false
        public var quitQuestion: ConfirmDialog?
        public var hasUnsavedWork = false
        /// Size changes seen, shown in the header so a test can tell a resize arrived.
        public var resizeCount = 0
    }

    /// The demo's messages are stamped from this instant (02:14:03 UTC) and shown in UTC.
    public static let firstMessageTime = Date(timeIntervalSince1970: 1_789_956_843)
    static let timeZone = TimeZone(secondsFromGMT: 0) ?? .current

    public static func initialState() -> State {
        let statuses: [StepBarStatus] = [.done, .current, .pending, .stale, .failed, .running]
        let steps = StepBarView(items: zip(StepID.allCases, statuses).map {
            StepBarView.Item(number: $0.0.rawValue, label: $0.0.shortTitle, status: $0.1)
        })
        var messages = MonitorEventStore(capacity: 1000)
        let start = firstMessageTime
        let samples: [(Double, MonitorEvent.Level, String)] = [
            (0, .info, "tls: connected to edge-gw-01.plant.local:8883"),
            (0.5, .warning, "tls: certificate expires in 12 days"),
            (1, .error, "names: edge-gw-01.plant.local does not resolve from this host"),
            (2, .info, "mqtt: CONNACK rc=0"),
        ]
        for (offset, level, text) in samples {
            messages.append(MonitorEvent(time: start.addingTimeInterval(offset), source: .probe, level: level, text: text))
        }
        return State(
            fields: [
                Field(label: "Gateway host", text: TextField("edge-gw-01.plant.local"), hint: "the name Kepware connects to"),
                Field(label: "Port", text: TextField("8883x"), error: "port must be a number from 1 to 65535"),
                Field(label: "Device key", text: TextField("c2VjcmV0LWtleS1ub3QtcmVhbA=="), isSecret: true, hint: "from IoT Hub"),
            ],
            actions: ["Check names", "Next step"], steps: steps, messages: messages)
    }

    /// A message for the pane from another thread (`ui-selftest --feed`, the loop tests).
    public static func message(_ text: String, at time: Date = firstMessageTime) -> MonitorEvent {
        MonitorEvent(time: time, source: .probe, level: .info, text: text)
    }

    public static func reduce(_ state: inout State, _ event: UIEvent<MonitorEvent>) -> UILoopDecision {
        switch event {
        case .resized:
            state.resizeCount += 1
        case .tick:
            break
        case .action(let message):
            state.messages.append(message)  // the store counts what arrives while paused
        case .key(let key):
            return handle(key, in: &state)
        }
        return .keepRunning
    }

    private static func handle(_ key: Key, in state: inout State) -> UILoopDecision {
        if var question = state.quitQuestion {
            switch key {
            case .escape, .character("n"): state.quitQuestion = nil
            case .tab, .backTab, .left, .right: question.confirmFocused.toggle(); state.quitQuestion = question
            case .character("y"): return .quit
            case .enter: if question.confirmFocused { return .quit } else { state.quitQuestion = nil }
            default: break
            }
            return .keepRunning
        }
        if state.showsHelp {
            if key == .escape || key == .function(1) || key == .character("?") { state.showsHelp = false }
            return .keepRunning
        }
        let count = state.fields.count + state.actions.count
        switch key {
        case .function(10), .character("q"):
            if state.hasUnsavedWork { state.quitQuestion = .quitWithUnsavedWork } else { return .quit }
        case .function(1), .character("?"):
            state.showsHelp = true
        case .tab: state.focus = (state.focus + 1) % count
        case .backTab: state.focus = (state.focus - 1 + count) % count
        case .pageDown, .control("n"): moveCurrentStep(&state.steps, by: 1)
        case .pageUp, .control("p"): moveCurrentStep(&state.steps, by: -1)
        case .function(2): state.revealsSecrets.toggle()
        case .function(4): if state.messages.isPaused { state.messages.resume() } else { state.messages.pause() }
        default:
            if state.focus < state.fields.count, state.fields[state.focus].text.handle(key) {
                state.hasUnsavedWork = true
            }
        }
        return .keepRunning
    }

    private static func moveCurrentStep(_ bar: inout StepBarView, by delta: Int) {
        guard let current = bar.items.firstIndex(where: { $0.status == .current }) else { return }
        let next = current + delta
        guard bar.items.indices.contains(next) else { return }
        bar.items[current].status = .pending
        bar.items[next].status = .current
    }

    /// The body as a step screen builds it: fields with their error or (focused) hint, buttons, spinner.
    static func body(_ state: State, width: Int, glyphs: GlyphSet) -> BodyBuilder {
        var body = BodyBuilder(width: width)
        let overlay = state.showsHelp || state.quitQuestion != nil
        for (index, field) in state.fields.enumerated() {
            let focused = index == state.focus && !overlay
            body.field(field.label, editor: field.text, isSecret: field.isSecret, isRevealed: state.revealsSecrets, isFocused: focused)
            if let error = field.error {
                body.text("\(glyphs.error) \(error)", style: .error, indent: 2)
            } else if focused, let hint = field.hint {
                body.text(hint + (field.isSecret ? (state.revealsSecrets ? " (F2 hides)" : " (F2 shows)") : ""), style: .muted, indent: 2)
            }
        }
        let button = state.focus - state.fields.count
        body.buttons(state.actions, focused: button >= 0 && !overlay ? button : nil)
        body.blank()
        body.text(SpinnerView(label: "Resolving names", elapsed: .milliseconds(3200)).text(glyphs), style: .accent)
        return body
    }

    public static func render(_ state: State, size: TerminalSize, capabilities: TerminalCapabilities) -> CellGrid {
        let glyphs = capabilities.glyphs
        let frame = WizardFrame(
            header: HeaderView(gateway: "edge-gw-01.plant.local", device: "kepware-line3", trailing: "\(size) r\(state.resizeCount)"),
            stepBar: state.steps,
            connection: ConnectionPaneView(rows: [
                .init("Gateway", "edge-gw-01.plant.local", status: .ok),
                .init("Port", "8883", status: .ok),
                .init("TLS", "chain verified", status: .ok),
                .init("Cert", "expires in 12 days", status: .warning),
                .init("DNS", "no answer", status: .error),
                .init("MQTT", "connecting", status: .running),
                .init("Agent", "not written", status: .pending),
            ]),
            messages: MessagePaneView(store: state.messages, timeZone: timeZone))
        var (grid, panes) = frame.render(size: size, glyphs: glyphs) { grid, rect in
            BodyRenderer.render(body(state, width: rect.width - 4, glyphs: glyphs), title: "2 Names", into: &grid, in: rect, glyphs: glyphs)
        }
        guard panes != nil else { return grid }
        if state.showsHelp {
            grid.cursor = nil
            HelpOverlay().render(into: &grid, glyphs: glyphs)
        }
        if let question = state.quitQuestion {
            grid.cursor = nil
            question.render(into: &grid, glyphs: glyphs)
        }
        return grid
    }
}
