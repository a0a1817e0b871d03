import KepEdgeCore

/// Step 2's results: the config read, resolution, certificate name match, port, and the hosts line.
enum NamesScreen {
    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
        guard let line = state.names.observation.value?.hostsFileLine.line else { return }
        body.blank()
        body.text("Hosts line for \(HostsFileLine.windowsPath):", style: .bold)
        body.text(line, indent: 2)
    }
}
