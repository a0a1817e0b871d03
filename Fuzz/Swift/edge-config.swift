// fuzz-sources: Sources/KepEdgeProbes/EdgeConfig/EdgeConfigTOMLParser.swift Sources/KepEdgeProbes/EdgeConfig/EdgeConfigYAMLParser.swift
// fuzz-packages: TOMLKit Yams
// fuzz-asan-options: detect_leaks=0
// (TOMLKit leaks every parsed table and its error box: TOMLTable(string:) news a toml::table it never deletes,
// a known upstream bug, https://github.com/LebJe/TOMLKit/issues/26. kepedge parses the config a few times per
// run, so it is bounded; with leak detection on, every input would be a finding and nothing else would be found.)
import Foundation
@testable import KepEdgeCore

/// The IoT Edge config as steps 1 and 2 read it: `/etc/aziot/config.toml` (TOMLKit over toml++) and IoT
/// Edge 1.1's `/etc/iotedge/config.yaml` (Yams over libyaml), both libraries instrumented with kepedge's
/// code. Properties: never traps; a config either gives a hostname that is not blank, or says why not.
func fuzz(_ data: Data) {
    let input = text(data)
    for result in [Result { () throws(EdgeConfigError) in try EdgeConfigTOMLParser.parse(input, path: "config.toml", machineHostname: "gateway-host") },
                   Result { () throws(EdgeConfigError) in try EdgeConfigYAMLParser.parse(input, path: "config.yaml") }] {
        switch result {
        case .success(let config):
            if config.hostname.trimmingCharacters(in: .whitespaces).isEmpty { fuzzFailure("an accepted config with a blank hostname") }
        case .failure(let error):
            if error.description.isEmpty { fuzzFailure("a refusal that says nothing") }
        }
    }
}
