import KepEdgeCore

/// What a key asks of the app besides changing `WizardUI`.
public enum WizardUIEffect: Equatable, Sendable {
    /// Reduce this action into the wizard state (and perform the effects it returns).
    case send(Wizard.Action)
    /// End the program, saving the session first when asked.
    case quit(saveSession: Bool)
    /// Write these values to a file (atomically; 0600 when it holds a secret).
    case write(CarriedValuesFile)
}

/// The keys of the wizard screens. Pure: a key and the states in, UI changes and effects out.
///
/// Letters type into the focused field; only when a button has focus do they act (`q` quit, `?` help,
/// a button's hotkey, `p` `/` `[` `]` `x` `w` for the message pane and files). Function keys act everywhere.
public enum WizardKeyMap {
    public static func handle(_ key: Key, state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect] {
        if ui.asksToQuit { return answerQuitQuestion(key, ui: &ui) }
        if ui.showsHelp {
            if ([.escape, .function(1), .character("?"), .character("q"), .enter] as [Key]).contains(key) { ui.showsHelp = false }
            return []
        }
        if ui.filterEditor != nil { return editFilter(key, state: state, ui: &ui) }
        if ui.detail != nil { return onDetail(key, state: state, ui: &ui) }
        if ui.showsSummary { return onSummary(key, state: state, ui: &ui) }
        if let global = globalKey(key, state: state, ui: &ui) { return global }
        if let field = ui.focusedField(in: state) { return type(key, into: field, state: state, ui: &ui) }
        return buttonKey(key, state: state, ui: &ui)
    }

    /// F10 or q: quit at once, or ask when there is unsaved work and somewhere to save it (a lab has not).
    static func requestQuit(state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect] {
        if state.unsavedChanges, ui.sessionPath != nil {
            ui.asksToQuit = true
            return []
        }
        return [.quit(saveSession: false)]
    }

    private static func answerQuitQuestion(_ key: Key, ui: inout WizardUI) -> [WizardUIEffect] {
        switch key {
        case .character("y"), .character("Y"), .character("s"): return [.quit(saveSession: true)]
        case .character("n"), .character("N"): return [.quit(saveSession: false)]
        // Enter takes the focused (safe) button: stay.
        case .escape, .enter, .character("c"), .function(10): ui.asksToQuit = false
        default: break
        }
        return []
    }

    private static func editFilter(_ key: Key, state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect] {
        guard var editor = ui.filterEditor else { return [] }
        switch key {
        case .enter:
            ui.filterEditor = nil
            ui.messageScroll = 0
            return [.send(.messagePane(.filter(MessageFilterText.parse(editor.value))))]
        case .escape:
            ui.filterEditor = nil
        default:
            editor.handle(key)
            ui.filterEditor = editor
        }
        return []
    }

    private static func onSummary(_ key: Key, state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect] {
        switch key {
        case .escape, .pageUp, .control("p"), .character("b"): ui.showsSummary = false
        case .down, .scrollDown: ui.summaryScroll = min(WizardScreen.bodyScrollLimit(state, ui), ui.summaryScroll + 1)
        case .up, .scrollUp: ui.summaryScroll = max(0, ui.summaryScroll - 1)
        case .wheelDown: ui.summaryScroll = min(WizardScreen.bodyScrollLimit(state, ui), ui.summaryScroll + wheelLines)
        case .wheelUp: ui.summaryScroll = max(0, ui.summaryScroll - wheelLines)
        case .function(5): ui.summaryScroll = nextPage(from: ui.summaryScroll, state: state, ui: ui)
        case .function(10), .character("q"): return requestQuit(state: state, ui: &ui)
        case .function(1), .character("?"): ui.showsHelp = true
        case .function(3), .character("w"):
            if let file = CarriedValues.file(for: .validation, in: state) { return [.write(file)] }
        default: break
        }
        return []
    }

    /// Keys that mean the same whether a field or a button has focus.
    private static func globalKey(_ key: Key, state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect]? {
        let step = state.current
        let form = StepForm.of(step)
        switch key {
        case .function(10): return requestQuit(state: state, ui: &ui)
        case .function(1): ui.showsHelp = true
        case .tab: moveFocus(by: 1, on: step, ui: &ui)
        case .backTab: moveFocus(by: -1, on: step, ui: &ui)
        case .down:
            // Past the last button, Down scrolls the results instead of wrapping to the first field.
            if ui.focusIndex(on: step) == form.focusCount - 1 {
                ui.bodyScroll[step] = min(WizardScreen.bodyScrollLimit(state, ui), (ui.bodyScroll[step] ?? 0) + 1)
            } else {
                moveFocus(by: 1, on: step, ui: &ui)
            }
        case .up:
            if let scroll = ui.bodyScroll[step], scroll > 0 { ui.bodyScroll[step] = scroll - 1 } else { moveFocus(by: -1, on: step, ui: &ui) }
        // The results scroll on their own; the focus stays where it is.
        case .function(5): ui.bodyScroll[step] = nextPage(from: ui.bodyScroll[step] ?? 0, state: state, ui: ui)
        case .scrollDown: ui.bodyScroll[step] = min(WizardScreen.bodyScrollLimit(state, ui), (ui.bodyScroll[step] ?? 0) + 1)
        case .scrollUp: ui.bodyScroll[step] = max(0, (ui.bodyScroll[step] ?? 0) - 1)
        case .wheelDown: ui.bodyScroll[step] = min(WizardScreen.bodyScrollLimit(state, ui), (ui.bodyScroll[step] ?? 0) + wheelLines)
        case .wheelUp: ui.bodyScroll[step] = max(0, (ui.bodyScroll[step] ?? 0) - wheelLines)
        case .control("o"): ui.detail = ResultDetail()
        case .pageDown, .control("n"):
            if step == .validation { ui.showsSummary = true } else { return [.send(.next)] }
        case .pageUp, .control("p"): return [.send(.back)]
        case .escape:
            if Wizard.status(of: step, in: state) == .running, let cancel = form.cancel { return [.send(cancel)] }
            return [.send(.back)]
        case .function(2): return reveal(on: step, ui: &ui)
        case .function(3):
            guard let file = CarriedValues.file(for: step, in: state) else {
                ui.notice = .init("Nothing to write on this step yet.", isError: true)
                return []
            }
            return [.write(file)]
        case .function(4): return [.send(.messagePane(state.messages.isPaused ? .resume : .pause))]
        case .function(6): ui.filterEditor = TextField(MessageFilterText.format(state.messages.filter))
        case .function(7): ui.messageScroll += 3
        case .function(8): ui.messageScroll = max(0, ui.messageScroll - 3)
        case .function(9):
            ui.messageScroll = 0
            return [.send(.messagePane(.clear))]
        case .enter:
            let index = ui.focusIndex(on: step)
            let chosen: ActionSpec? = index >= form.fields.count ? form.actions[index - form.fields.count] : form.actions.first
            guard let chosen else { return [] }
            // Not silently nothing: name the missing input and put the cursor in it.
            if let missing = StepReadiness.missingInput(for: chosen, in: state) {
                ui.notice = .init(missing.sentence(for: chosen.label), isError: true)
                if let field = missing.fieldIndex { moveFocus(to: field, on: step, ui: &ui) }
                return []
            }
            return [.send(chosen.action(state))]
        default: return nil
        }
        return []
    }

    private static func type(_ key: Key, into field: FieldSpec, state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect] {
        var editor = ui.editor(for: field, in: state)
        guard editor.handle(key) else { return [] }
        ui.editors[field.id] = editor
        return editor.value == field.text(in: state) ? [] : [.send(field.change(editor.value))]
    }

    private static func buttonKey(_ key: Key, state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect] {
        guard case .character(let character) = key else { return [] }
        switch character {
        case "q": return requestQuit(state: state, ui: &ui)
        case "?": ui.showsHelp = true
        case "p": return globalKey(.function(4), state: state, ui: &ui) ?? []
        case "/": ui.filterEditor = TextField(MessageFilterText.format(state.messages.filter))
        case "[": ui.messageScroll += 3
        case "]": ui.messageScroll = max(0, ui.messageScroll - 3)
        case "x": return globalKey(.function(9), state: state, ui: &ui) ?? []
        case "w": return globalKey(.function(3), state: state, ui: &ui) ?? []
        default:
            let form = StepForm.of(state.current)
            if let index = form.actions.firstIndex(where: { $0.hotkey == character }) {
                ui.focus[state.current] = form.fields.count + index
                return [.send(form.actions[index].action(state))]
            }
        }
        return []
    }

    /// Lines one notch of the mouse wheel scrolls (as terminals and browsers do).
    static let wheelLines = 3

    /// The full-screen results: keys move the selected line (the view follows it), F3 writes that line,
    /// Esc or Ctrl-O go back to the step.
    private static func onDetail(_ key: Key, state: Wizard.State, ui: inout WizardUI) -> [WizardUIEffect] {
        guard var view = ui.detail else { return [] }
        let lines = DetailScreen.lines(state, ui, glyphs: .unicode)
        let page = max(1, DetailScreen.pageHeight(ui.screenSize) - 1)
        switch key {
        case .escape, .control("o"), .backspace:
            ui.detail = nil
            return []
        case .up, .scrollUp: view.selected -= 1
        case .down, .scrollDown: view.selected += 1
        case .wheelUp: view.selected -= wheelLines
        case .wheelDown: view.selected += wheelLines
        case .pageUp: view.selected -= page
        case .pageDown, .function(5), .character(" "): view.selected += page
        case .home: view.selected = 0
        case .end: view.selected = lines.count - 1
        case .function(1), .character("?"): ui.showsHelp = true
        case .function(2): return reveal(on: state.current, ui: &ui)
        case .function(10): return requestQuit(state: state, ui: &ui)
        case .function(3), .character("w"):
            let selected = lines.indices.contains(view.selected) ? lines[view.selected] : nil
            let text = selected?.text.trimmingCharacters(in: .whitespaces) ?? ""
            guard let selected, !text.isEmpty else {
                ui.notice = .init("Nothing to write on this line.", isError: true)
                return []
            }
            let name = "kepedge-\(state.current.shortTitle.lowercased())-line.txt"
            return [.write(CarriedValuesFile(fileName: name, values: [CarriedValue("", text, isSecret: selected.holdsSecret)]))]
        default: break
        }
        ui.detail = DetailScreen.scrolledToSelection(view, lines: lines, size: ui.screenSize)
        return []
    }

    /// F5: a page further (one line kept for context); from the end, back to the top.
    private static func nextPage(from scroll: Int, state: Wizard.State, ui: WizardUI) -> Int {
        let limit = WizardScreen.bodyScrollLimit(state, ui)
        guard scroll < limit else { return 0 }
        return min(limit, scroll + max(1, WizardScreen.bodyHeight(ui) - 1))
    }

    private static func moveFocus(to index: Int, on step: StepID, ui: inout WizardUI) {
        ui.focus[step] = index
        ui.bodyScroll[step] = nil
    }

    private static func moveFocus(by delta: Int, on step: StepID, ui: inout WizardUI) {
        let count = StepForm.of(step).focusCount
        guard count > 0 else { return }
        ui.focus[step] = (ui.focusIndex(on: step) + delta + count) % count
        ui.bodyScroll[step] = nil
    }

    private static func reveal(on step: StepID, ui: inout WizardUI) -> [WizardUIEffect] {
        switch step {
        case .device: ui.revealsDeviceSecrets.toggle()
        case .sas: return [.send(.sas(.toggleReveal))]
        case .agent: return [.send(.agent(.toggleReveal))]
        default: break
        }
        return []
    }
}

/// The message filter as typed: words are text, `source:edgeHub` (or `src:`) picks sources.
public enum MessageFilterText {
    public static func parse(_ text: String) -> MonitorEventStore.Filter {
        var words: [String] = []
        var sources: Set<MonitorEvent.Source> = []
        for word in text.split(separator: " ") {
            let lower = word.lowercased()
            if let prefix = ["source:", "src:"].first(where: { lower.hasPrefix($0) }) {
                let name = lower.dropFirst(prefix.count)
                if let source = MonitorEvent.Source.allCases.first(where: { $0.rawValue.lowercased() == name }) {
                    sources.insert(source)
                    continue
                }
            }
            words.append(String(word))
        }
        return MonitorEventStore.Filter(text: words.joined(separator: " "), sources: sources)
    }

    public static func format(_ filter: MonitorEventStore.Filter) -> String {
        let sources = filter.sources.map { "source:\($0.rawValue)" }.sorted()
        return (sources + (filter.text.isEmpty ? [] : [filter.text])).joined(separator: " ")
    }
}
