import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Step 3's effects: the registry calls behind `.ensureDevice` and `.setParent`.
extension RuntimeEffects {
    /// Creates the device as a child of the edge device, or reads it when it exists (the parent is
    /// left as it is: the engineer decides to set it), then reads edgeHub's routes.
    static func ensureDevice(_ request: RegistrationRequest, configuration: WizardRuntimeConfiguration) async -> Result<DeviceRegistration, StepFailure> {
        await withRegistry(request, configuration) { (client: RegistryClient) throws(RegistryFailure) -> DeviceRegistration in
            let outcome = try await DeviceRegistrar(client: client)
                .register(device: request.device, edgeDevice: request.edgeDevice, setParentIfMissing: false)
            return await registration(outcome.device, created: outcome.action == .created, edgeScope: outcome.edgeScope, client, request)
        }
    }

    /// Read-only (`kepedge check`): the device (missing is an answer), its parent and edgeHub's routes.
    static func readDevice(_ request: RegistrationRequest, configuration: WizardRuntimeConfiguration) async -> Result<DeviceRegistration, StepFailure> {
        await withRegistry(request, configuration) { (client: RegistryClient) throws(RegistryFailure) -> DeviceRegistration in
            let (device, scope) = try await DeviceRegistrar(client: client).inspect(device: request.device, edgeDevice: request.edgeDevice)
            guard let device else { return .missing(request.device.rawValue, edgeDeviceScope: scope) }
            return await registration(device, created: false, edgeScope: scope, client, request)
        }
    }

    /// PUT with `If-Match` the etag the engineer saw; a 412 says someone changed the device since.
    static func setParent(_ request: RegistrationRequest, etag: String, configuration: WizardRuntimeConfiguration) async -> Result<DeviceRegistration, StepFailure> {
        await withRegistry(request, configuration) { (client: RegistryClient) throws(RegistryFailure) -> DeviceRegistration in
            let (device, scope) = try await DeviceRegistrar(client: client)
                .setParent(device: request.device, edgeDevice: request.edgeDevice, etag: etag)
            return await registration(device, created: false, edgeScope: scope, client, request)
        }
    }

    /// Runs `work` with a registry client for the request's owner, shut down on every path.
    private static func withRegistry(
        _ request: RegistrationRequest, _ configuration: WizardRuntimeConfiguration,
        _ work: (RegistryClient) async throws(RegistryFailure) -> DeviceRegistration
    ) async -> Result<DeviceRegistration, StepFailure> {
        let client: RegistryClient
        do { client = try RegistryClient(owner: request.ownerConnectionString, options: configuration.registryOptions()) } catch {
            return .failure(StepFailure(error.headline, fix: error.fix))
        }
        let result: Result<DeviceRegistration, StepFailure>
        do {
            result = .success(try await work(client))
        } catch {
            result = .failure(StepFailure(error.headline, fix: error.fix))
        }
        await client.shutdown()
        return result
    }

    /// The device with edgeHub's routes; routes that cannot be read are unknown, not missing.
    private static func registration(_ device: RegistryDevice, created: Bool, edgeScope: String,
                                     _ client: RegistryClient, _ request: RegistrationRequest) async -> DeviceRegistration {
        do {
            let routes = try await client.edgeHubRoutes(edgeDevice: request.edgeDevice.rawValue)
            return DeviceRegistration(device, created: created, edgeScope: edgeScope, routes: routes)
        } catch {
            return DeviceRegistration(device, created: created, edgeScope: edgeScope, routes: nil, routesUnreadable: error.headline)
        }
    }
}
