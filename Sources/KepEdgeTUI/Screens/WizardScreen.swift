import Foundation
import KepEdgeCore

/// The wizard's screen as a pure function of the wizard state and the UI state: header with the gateway
/// and device in play, step bar, the current step's form and results (or the summary), the connection
/// and message panes, the key bar, and the help box or quit question over it.
public enum WizardScreen {
    public static func render(_ state: Wizard.State, _ ui: WizardUI, size: TerminalSize, capabilities: TerminalCapabilities) -> CellGrid {
        let glyphs = capabilities.glyphs
        if let detail = ui.detail {
            var grid = DetailScreen.render(state, ui, view: detail, size: size, capabilities: capabilities)
            overlays(state, ui, into: &grid, glyphs: glyphs)
            return grid
        }
        let frame = WizardFrame(
            header: HeaderView(gateway: nonEmpty(state.names.gatewayHost), device: nonEmpty(state.device.deviceIDText),
                               trailing: state.unsavedChanges && ui.sessionPath != nil ? "unsaved" : nil),
            stepBar: stepBar(state, ui),
            connection: ConnectionPaneView(rows: ConnectionRows.rows(state)),
            messages: MessagePaneView(store: state.messages, scrollOffset: ui.messageScroll, timeZone: ui.timeZone),
            keyBar: keyBar(state, ui))
        var (grid, panes) = frame.render(size: size, glyphs: glyphs) { grid, rect in
            if ui.showsSummary {
                let body = SummaryScreen.body(state, ui, width: rect.width - 4, glyphs: glyphs)
                BodyRenderer.render(body, title: "Summary: what the Kepware host needs", scroll: ui.summaryScroll,
                                    into: &grid, in: rect, glyphs: glyphs)
            } else {
                let step = state.current
                let body = StepScreen.body(state, ui, width: rect.width - 4, glyphs: glyphs)
                BodyRenderer.render(body, title: "\(step.rawValue) \(step.title)", scroll: ui.bodyScroll[step] ?? 0,
                                    into: &grid, in: rect, glyphs: glyphs)
            }
        }
        guard let panes else { return grid }
        if let editor = ui.filterEditor {
            let prompt = "Filter (words, source:kepware|edgeHub|broker|probe|upstream), Enter applies, Esc cancels: "
            let bar = panes.keyBar
            grid.fill(bar)
            let used = grid.write(prompt, x: bar.x, y: bar.y, maxWidth: bar.width / 2, style: .bold, ellipsis: glyphs.ellipsis)
            let view = editor.viewport(width: bar.width - used - 1, cutMarks: glyphs.fieldCutMarks)
            grid.write(view.text, x: bar.x + used, y: bar.y, style: CellStyle(reverse: true))
            grid.cursor = Position(x: bar.x + used + view.cursorColumn, y: bar.y)
        }
        overlays(state, ui, into: &grid, glyphs: glyphs)
        return grid
    }

    /// The help box or the quit question, over whatever is drawn.
    static func overlays(_ state: Wizard.State, _ ui: WizardUI, into grid: inout CellGrid, glyphs: GlyphSet) {
        guard grid.width >= ScreenLayout.minimumSize.width, grid.height >= ScreenLayout.minimumSize.height else { return }
        if ui.showsHelp {
            grid.cursor = nil
            HelpBox.render(step: state.current, into: &grid, glyphs: glyphs)
        }
        if ui.asksToQuit {
            grid.cursor = nil
            quitQuestion(ui).render(into: &grid, glyphs: glyphs)
        }
    }

    /// How many lines the current body can scroll at `ui.screenSize` (0 when it fits).
    public static func bodyScrollLimit(_ state: Wizard.State, _ ui: WizardUI) -> Int {
        guard case .panes(let panes) = ScreenLayout.split(ui.screenSize) else { return 0 }
        let width = panes.form.width - 4, height = panes.form.height - 2
        let glyphs = GlyphSet.unicode
        let body = ui.showsSummary ? SummaryScreen.body(state, ui, width: width, glyphs: glyphs)
            : StepScreen.body(state, ui, width: width, glyphs: glyphs)
        return BodyRenderer.scrollLimit(body, height: height)
    }

    /// How many body lines show at `ui.screenSize`: one press of F5 scrolls this many less one.
    public static func bodyHeight(_ ui: WizardUI) -> Int {
        guard case .panes(let panes) = ScreenLayout.split(ui.screenSize) else { return 1 }
        return max(1, panes.form.height - 2)
    }

    static func quitQuestion(_ ui: WizardUI) -> ConfirmDialog {
        let whereTo = ui.sessionPath.map { " to \($0)" } ?? ""
        return ConfirmDialog(
            title: "Quit?", message: "There are unsaved changes. y: save the session\(whereTo) and quit; n: quit without saving; Esc: stay.",
            confirmLabel: "y Save and quit", cancelLabel: "Esc Stay")
    }

    static func stepBar(_ state: Wizard.State, _ ui: WizardUI) -> StepBarView {
        StepBarView(items: StepID.allCases.map { step in
            let status: StepBarStatus
            if step == state.current && !ui.showsSummary {
                status = .current
            } else {
                switch Wizard.status(of: step, in: state) {
                case .pending: status = .pending
                case .running: status = .running
                case .done: status = .done
                case .stale: status = .stale
                case .failed: status = .failed
                }
            }
            return StepBarView.Item(number: step.rawValue, label: step.shortTitle, status: status)
        })
    }

    static func keyBar(_ state: Wizard.State, _ ui: WizardUI) -> KeyBarView {
        var bindings: [KeyBarView.Binding] = [.init("F1", "Help")]
        if ui.showsSummary {
            if bodyScrollLimit(state, ui) > 0 { bindings.append(.init("F5", "More")) }
            bindings += [.init("PgUp", "Back"), .init("F3", "Write all"), .init("F10", "Quit")]
            return KeyBarView(bindings: bindings)
        }
        bindings += [.init("Tab", "Field"), .init("Enter", "Run"), .init("PgDn", state.current == .validation ? "Summary" : "Next"),
                     .init("PgUp", "Back"), .init("F10", "Quit"), .init("F3", "Write")]
        // While it runs, Enter has nothing to start: Esc Cancel takes its room (at 80 columns F10 Quit fell off).
        if Wizard.status(of: state.current, in: state) == .running {
            bindings.removeAll { $0.key == "Enter" }
            bindings.insert(.init("Esc", "Cancel"), at: 1)
        }
        if [.device, .sas, .agent].contains(state.current) { bindings.append(.init("F2", "Reveal")) }
        // The scroll key first among the extras when there is more to see: it is what shows the rest of a result.
        if bodyScrollLimit(state, ui) > 0 { bindings.insert(.init("F5", "More"), at: 1) }
        bindings += [.init("F4", state.messages.isPaused ? "Resume" : "Pause"), .init("F6", "Filter")]
        if !StepScreen.results(state.current, state).isEmpty { bindings.append(.init("^O", "Details")) }
        return KeyBarView(bindings: bindings)
    }

    static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// The help box over the screen for one step.
enum HelpBox {
    static func render(step: StepID, into grid: inout CellGrid, glyphs: GlyphSet) {
        let width = min(grid.width - 4, 96)
        var lines = StepHelp.lines(for: step, width: width - 4)
        let room = grid.height - 4
        if lines.count > room { lines = Array(lines.prefix(room)) }
        let box = grid.bounds.centered(width: width, height: lines.count + 3)
        grid.box(box, title: "Help: \(step.rawValue) \(step.shortTitle)", glyphs: glyphs, style: .bold)
        let inside = box.inset(by: 1)
        for (index, line) in lines.enumerated() {
            grid.write(line, x: inside.x + 1, y: inside.y + index, maxWidth: inside.width - 2)
        }
        grid.write("Esc closes", x: inside.x + 1, y: inside.maxY - 1, maxWidth: inside.width - 2, style: .muted)
    }
}
