/// A screen built only from the framework's widgets, for `kepedge ui-selftest` and the terminal tests:
/// every step status, a form with a focused field, an error and a masked secret, the connection and
/// message panes, help, and the quit question. Keys: Tab/Shift-Tab move focus, typing edits the focused
/// field, F2 reveals the secret, PgDn/PgUp move the current step, F1 or ? help, F10 or q quit (asking
/// once a field was edited), Esc closes help or the question.
public enum FrameworkDemo {
    public struct State: Hashable, Sendable {
        public var form: FormView
        public var steps: StepBarView
        public var messages: MessagePaneView
        public var showsHelp = false
        public var quitQuestion: ConfirmDialog?
        public var hasUnsavedWork = false
        /// Size changes seen, shown in the header so a test can tell a resize arrived.
        public var resizeCount = 0
    }

    public static func initialState() -> State {
        let form = FormView(
            title: "2 Names",
            fields: [
                .init(label: "Gateway host", text: TextField("edge-gw-01.plant.local"), hint: "the name Kepware connects to"),
                .init(label: "Port", text: TextField("8883x"), error: "port must be a number from 1 to 65535"),
                .init(label: "Device key", text: TextField("c2VjcmV0LWtleS1ub3QtcmVhbA=="), isSecret: true),
            ],
            actions: ["Check names", "Next step"],
            focus: .field(0))
        let statuses: [StepBarStatus] = [.done, .current, .pending, .stale, .failed, .running]
        let steps = StepBarView(items: zip(StepBarView.wizardLabels, statuses).enumerated().map {
            StepBarView.Item(number: $0.offset + 1, label: $0.element.0, status: $0.element.1)
        })
        let messages = MessagePaneView(messages: [
            PaneMessage(time: "02:14:03", source: "tls", level: .info, text: "connected to edge-gw-01.plant.local:8883"),
            PaneMessage(time: "02:14:03", source: "tls", level: .warning, text: "certificate expires in 12 days"),
            PaneMessage(time: "02:14:04", source: "names", level: .error, text: "edge-gw-01.plant.local does not resolve from this host"),
            PaneMessage(time: "02:14:05", source: "mqtt", level: .debug, text: "CONNACK rc=0"),
        ])
        return State(form: form, steps: steps, messages: messages)
    }

    public static func reduce(_ state: inout State, _ event: UIEvent<PaneMessage>) -> UILoopDecision {
        switch event {
        case .resized:
            state.resizeCount += 1
        case .tick:
            break
        case .action(let message):
            if state.messages.isPaused { state.messages.newWhilePaused += 1 } else { state.messages.messages.append(message) }
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
        switch key {
        case .function(10), .character("q"):
            if state.hasUnsavedWork { state.quitQuestion = .quitWithUnsavedWork } else { return .quit }
        case .function(1), .character("?"):
            state.showsHelp = true
        case .tab: moveFocus(&state.form, by: 1)
        case .backTab: moveFocus(&state.form, by: -1)
        case .pageDown, .control("n"): moveCurrentStep(&state.steps, by: 1)
        case .pageUp, .control("p"): moveCurrentStep(&state.steps, by: -1)
        case .function(2):
            if case .field(let index) = state.form.focus, state.form.fields[index].isSecret {
                state.form.fields[index].isRevealed.toggle()
            }
        default:
            if case .field(let index) = state.form.focus, state.form.fields[index].text.handle(key) {
                state.hasUnsavedWork = true
            }
        }
        return .keepRunning
    }

    private static func moveFocus(_ form: inout FormView, by delta: Int) {
        let targets = form.fields.indices.map { FormView.Focus.field($0) } + form.actions.indices.map { .action($0) }
        guard !targets.isEmpty else { return }
        let current = form.focus.flatMap { targets.firstIndex(of: $0) } ?? 0
        form.focus = targets[(current + delta + targets.count) % targets.count]
    }

    private static func moveCurrentStep(_ bar: inout StepBarView, by delta: Int) {
        guard let current = bar.items.firstIndex(where: { $0.status == .current }) else { return }
        let next = current + delta
        guard bar.items.indices.contains(next) else { return }
        bar.items[current].status = .pending
        bar.items[next].status = .current
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
            messages: state.messages)
        var (grid, panes) = frame.render(size: size, glyphs: glyphs) { grid, rect in
            state.form.render(into: &grid, in: rect, glyphs: glyphs)
            SpinnerView(label: "Resolving names", elapsed: .milliseconds(3200))
                .render(into: &grid, at: Position(x: rect.x + 2, y: rect.maxY - 2), maxWidth: rect.width - 4, glyphs: glyphs)
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
