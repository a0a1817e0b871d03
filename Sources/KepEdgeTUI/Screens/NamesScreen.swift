import KepEdgeCore

/// Step 2's results: the config read, resolution, certificate name match, port, and the hosts line.
enum NamesScreen {
    static func checks(_ state: Wizard.State) -> [CheckResult] {
        var results: [CheckResult] = []
        if let failure = state.names.edgeConfig.failure { results.append(.failure(failure, id: "config")) }
        return results + NamesStep.checks(state.names)
    }

    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
        guard let line = state.names.observation.value?.hostsFileLine.line else { return }
        body.blank()
        body.text("Hosts line for \(HostsFileLine.windowsPath):", style: .bold)
        body.text(line, indent: 2)
    }
}
