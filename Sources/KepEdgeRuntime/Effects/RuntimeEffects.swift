import Foundation
import KepEdgeCore
import KepEdgeProbes

/// The blocking work behind the runtime's effects, as plain functions the runtime calls from its tasks.
enum RuntimeEffects {
    static func caLocated(_ location: RootCALocation) -> Result<String, StepFailure> {
        if let path = location.path { return .success(path) }
        let tried = location.skipped.map(\.summary).joined(separator: "; ")
        return .failure(StepFailure(
            "no root CA file found" + (tried.isEmpty ? "" : " (\(tried))"),
            fix: "Type the root CA path (the file trust_bundle_cert names in /etc/aziot/config.toml)."))
    }

    static func loadCA(path: String) -> Result<CertificateSummary, StepFailure> {
        do {
            let file = try CertificateFile.read(path: path)
            guard let summary = file.rootCandidateIndex.map({ file.summaries[$0] }) ?? file.summaries.first else {
                return .failure(StepFailure("\(path): holds no certificate", fix: "Give the gateway's root CA PEM file."))
            }
            return .success(summary)
        } catch {
            return .failure(StepFailure(error.description, fix: "Give the gateway's root CA file (PEM or DER)."))
        }
    }

    static func export(caPath: String, into directory: String) -> Result<ExportedRootCA, StepFailure> {
        do {
            let file = try CertificateFile.read(path: caPath)
            let export = try CertificateExporter.export(file, into: directory)
            return .success(ExportedRootCA(cerFile: export.cerFile, windowsImport: export.windowsImport))
        } catch let error as CertificateFileError {
            return .failure(StepFailure(error.description, fix: "Give the gateway's root CA file (PEM or DER)."))
        } catch {
            return .failure(StepFailure("\(error)", fix: "Choose a folder you can write to."))
        }
    }

    static func readEdgeConfig(_ reader: EdgeConfigReader) -> Result<EdgeConfig, StepFailure> {
        do {
            return .success(try reader.read())
        } catch {
            return .failure(StepFailure(error.description, fix: "Pass the IoT Edge config path, or type the gateway name."))
        }
    }

    /// Resolver answer, hosts-file lines, interfaces and default route, then edgeHub's port on the
    /// first address that accepts (at most two tried, so an unreachable gateway costs two timeouts).
    static func observeName(host: String, port: Int, configuration: WizardRuntimeConfiguration) async -> NameObservation {
        let resolution = await Resolver.resolve(host, timeout: configuration.resolveTimeout)
        let hostsText = (try? String(contentsOfFile: configuration.hostsFilePath, encoding: .utf8)) ?? ""
        let portReport = resolution.resolved
            ? PortReachability.firstAccepting(host: host, addresses: resolution.addresses, port: port, timeout: configuration.connectTimeout)
            : nil
        return NameObservation(
            resolution: resolution,
            hostsEntries: HostsFile(parsing: hostsText).entries(for: host),
            interfaces: LocalInterfaces.addresses(),
            defaultRouteInterface: LocalInterfaces.defaultRouteInterface(),
            port: portReport)
    }
}
