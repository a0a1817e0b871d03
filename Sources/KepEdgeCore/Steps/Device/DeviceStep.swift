import Foundation

/// Step 3: the Kepware device identity exists in IoT Hub, is enabled, and has the edge device as
/// its parent (required since IoT Edge 1.1.0). With a hub-owner key kepedge checks and creates it;
/// without one the engineer runs the `az` commands shown and pastes the device connection string.
public enum DeviceStep: StepReducer {
    public struct State: Equatable, Sendable, IssuesRequests {
        /// Field: the hub, short name or full host name.
        public var hubText = ""
        /// Field: the Kepware device's id in IoT Hub.
        public var deviceIDText = ""
        /// Field: the IoT Edge gateway's device id (the parent).
        public var edgeDeviceIDText = ""
        /// Field (secret): a hub-owner policy connection string, to check and create the device.
        public var ownerConnectionString = Secret("")
        /// Field (secret): the device connection string or primary key, for the path without a hub-owner key.
        public var pastedCredential = Secret("")
        public var registration = Loadable<DeviceRegistration>.idle
        /// The hub, device and parent the registration answer is for.
        public var registeredFor: Key?
        public var nextGeneration: Generation = 1

        public init(hubText: String = "", deviceIDText: String = "", edgeDeviceIDText: String = "") {
            self.hubText = hubText
            self.deviceIDText = deviceIDText
            self.edgeDeviceIDText = edgeDeviceIDText
        }

        public var hub: IoTHubHost? { try? IoTHubHost(parsing: hubText) }
        public var device: DeviceID? { try? DeviceID(validating: deviceIDText) }
        public var edgeDevice: DeviceID? { try? DeviceID(validating: edgeDeviceIDText) }
        public var key: Key? {
            guard let hub, let device, let edgeDevice else { return nil }
            return Key(hub: hub, device: device, edgeDevice: edgeDevice)
        }
    }

    public struct Key: Equatable, Sendable {
        public var hub: IoTHubHost
        public var device: DeviceID
        public var edgeDevice: DeviceID

        public init(hub: IoTHubHost, device: DeviceID, edgeDevice: DeviceID) {
            self.hub = hub
            self.device = device
            self.edgeDevice = edgeDevice
        }
    }

    public enum Action: Equatable, Sendable {
        case hubChanged(String)
        case deviceIDChanged(String)
        case edgeDeviceIDChanged(String)
        case ownerConnectionStringChanged(Secret)
        case credentialPasted(Secret)
        /// Check the device in the registry, creating it as a child of the edge device when missing.
        case register
        /// Read the device, its parent and edgeHub's routes without creating or changing anything (`kepedge check`).
        case inspect
        /// Set the edge device as parent of an existing device that lacks it.
        case setParent
        case registryAnswered(Generation, Result<DeviceRegistration, StepFailure>)
        case cancel
    }

    public enum Effect: Equatable, Sendable {
        case ensureDevice(RegistrationRequest, Generation)
        /// Read-only: the device (missing is an answer, not a failure), its parent, edgeHub's routes.
        case readDevice(RegistrationRequest, Generation)
        case setParent(RegistrationRequest, etag: String, Generation)
        case cancel(Generation)
    }

    public static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .hubChanged(let text):
            state.hubText = text
            return cancelRegistration(&state)
        case .deviceIDChanged(let text):
            state.deviceIDText = text
            return cancelRegistration(&state)
        case .edgeDeviceIDChanged(let text):
            state.edgeDeviceIDText = text
            return cancelRegistration(&state)
        case .ownerConnectionStringChanged(let secret):
            state.ownerConnectionString = secret
            return []
        case .credentialPasted(let secret):
            state.pastedCredential = secret
            // A connection string fills the hub and device the engineer has not typed yet.
            if let parsed = try? DeviceConnectionString(parsing: secret.revealed) {
                if state.hubText.isEmpty { state.hubText = parsed.hub.hostName }
                if state.deviceIDText.isEmpty { state.deviceIDText = parsed.device.rawValue }
            }
            return []

        case .register:
            return startRegistryCall(&state) { .ensureDevice($0, $1) }

        case .inspect:
            return startRegistryCall(&state) { .readDevice($0, $1) }

        case .setParent:
            guard case .loaded(let registration) = state.registration, !registration.parentIsSet,
                  state.registeredFor == state.key, let request = request(state) else { return [] }
            let generation = state.takeGeneration()
            state.registration = .running(generation)
            return [.setParent(request, etag: registration.etag, generation)]

        case .registryAnswered(let generation, let result):
            guard state.registration.isRunning(generation) else { return [] }
            state.registration = Loadable(result)
            return []

        case .cancel:
            return cancelRegistration(&state)
        }
    }

    /// Fields that block moving on: the hub, device and parent must be valid ids.
    public static func fieldErrors(_ state: State) -> [FieldError] {
        var errors: [FieldError] = []
        do { _ = try IoTHubHost(parsing: state.hubText) } catch {
            errors.append(FieldError(field: "hub", message: "\(error)"))
        }
        do { _ = try DeviceID(validating: state.deviceIDText) } catch {
            errors.append(FieldError(field: "device", message: "\(error)"))
        }
        do { _ = try DeviceID(validating: state.edgeDeviceIDText) } catch {
            errors.append(FieldError(field: "edgeDevice", message: "edge device: \(error)"))
        }
        if !state.pastedCredential.isEmpty, case .failure(let failure) = pastedKey(state) {
            errors.append(FieldError(field: "pastedCredential", message: failure.message))
        }
        return errors
    }

    /// Field errors plus what the registry call itself needs.
    public static func registryFieldErrors(_ state: State) -> [FieldError] {
        var errors = fieldErrors(state)
        if state.ownerConnectionString.isEmpty {
            errors.append(FieldError(
                field: "ownerConnectionString",
                message: "No hub-owner connection string: paste one (iothubowner or a policy with registry read/write), or run the az commands shown and paste the device connection string"))
        } else {
            do {
                let owner = try HubOwnerConnectionString(parsing: state.ownerConnectionString.revealed)
                if let hub = state.hub, owner.hub != hub {
                    errors.append(FieldError(
                        field: "ownerConnectionString",
                        message: "The hub-owner connection string is for \(owner.hub.hostName), not \(hub.hostName)"))
                }
            } catch {
                errors.append(FieldError(field: "ownerConnectionString", message: "hub-owner connection string: \(error)"))
            }
        }
        return errors
    }

    /// The device key to sign SAS tokens with: from the registry answer, else the pasted credential.
    public static func deviceKey(_ state: State) -> Secret? {
        if state.registeredFor == state.key, let key = state.registration.value?.primaryKey { return key }
        if case .success(let key) = pastedKey(state) { return key }
        return nil
    }

    /// The pasted device connection string or bare key, checked against the hub and device fields.
    static func pastedKey(_ state: State) -> Result<Secret, StepFailure> {
        let text = state.pastedCredential.revealed.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.contains("=") && text.contains(";") {
            do {
                let parsed = try DeviceConnectionString(parsing: text)
                if let hub = state.hub, parsed.hub != hub {
                    return .failure(StepFailure("The pasted connection string is for hub \(parsed.hub.hostName), not \(hub.hostName)"))
                }
                if let device = state.device, parsed.device != device {
                    return .failure(StepFailure("The pasted connection string is for device \(parsed.device.rawValue), not \(device.rawValue)"))
                }
                return .success(parsed.key.base64)
            } catch {
                return .failure(StepFailure("device connection string: \(error)"))
            }
        }
        do {
            return .success(try SharedAccessKey(base64: text).base64)
        } catch {
            return .failure(StepFailure("device key: \(error)"))
        }
    }

    public static func status(_ state: State) -> StepStatus {
        if state.registration.runningGeneration != nil { return .running }
        if state.registration.value != nil, let registeredFor = state.registeredFor, registeredFor != state.key {
            return .stale(reason: "checked \(registeredFor.device.rawValue) on \(registeredFor.hub.hostName); the hub or device changed since")
        }
        if state.registration.value != nil || state.registration.failure != nil {
            let results = checks(state)
            if let error = results.first(where: { $0.status == .error }) { return .failed(reason: error.title) }
            return .done(warning: results.first(where: { $0.status == .warning })?.title)
        }
        if fieldErrors(state).isEmpty, deviceKey(state) != nil {
            return .done(warning: "parent not verified: without a hub-owner key kepedge cannot check that \(state.deviceIDText) is a child of \(state.edgeDeviceIDText)")
        }
        return .pending
    }

    static func request(_ state: State) -> RegistrationRequest? {
        guard let key = state.key,
              let owner = try? HubOwnerConnectionString(parsing: state.ownerConnectionString.revealed) else { return nil }
        return RegistrationRequest(hub: key.hub, device: key.device, edgeDevice: key.edgeDevice, ownerConnectionString: owner)
    }

    /// Starts a registry call for the current hub, device and parent (cancelling one under way).
    private static func startRegistryCall(_ state: inout State, _ effect: (RegistrationRequest, Generation) -> Effect) -> [Effect] {
        guard registryFieldErrors(state).isEmpty, let request = request(state) else { return [] }
        var effects = cancelRegistration(&state)
        let generation = state.takeGeneration()
        state.registration = .running(generation)
        state.registeredFor = state.key
        effects.append(effect(request, generation))
        return effects
    }

    private static func cancelRegistration(_ state: inout State) -> [Effect] {
        guard let generation = state.registration.runningGeneration else { return [] }
        state.registration = .idle
        state.registeredFor = nil
        return [.cancel(generation)]
    }
}
