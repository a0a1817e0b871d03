import KepEdgeProbes

extension WizardRuntimeConfiguration {
    /// The runtime configuration for a `--config FILE` flag: only that file is read (as TOML, or YAML
    /// by its extension), so the other default location cannot be picked up instead. Nil: the defaults.
    static func readingEdgeConfig(_ config: String?) -> WizardRuntimeConfiguration {
        var configuration = WizardRuntimeConfiguration()
        if let config {
            let missing = "/nonexistent/kepedge-no-config"
            let isYAML = config.hasSuffix(".yaml") || config.hasSuffix(".yml")
            configuration.edgeConfigTOMLPath = isYAML ? missing : config
            configuration.edgeConfigYAMLPath = isYAML ? config : missing
        }
        return configuration
    }
}
