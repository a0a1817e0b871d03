import Foundation

/// Step 4: the SAS token Kepware uses as its MQTT password, generated here from the device key
/// (the key never leaves the gateway), with its expiry tracked on every screen.
public enum SASStep: StepReducer {
    /// What the token is for, from step 3.
    public struct Inputs: Equatable, Sendable {
        public var hub: IoTHubHost?
        public var device: DeviceID?
        /// The device's primary key, from the registry or pasted by the engineer.
        public var deviceKey: Secret?

        public init(hub: IoTHubHost? = nil, device: DeviceID? = nil, deviceKey: Secret? = nil) {
            self.hub = hub
            self.device = device
            self.deviceKey = deviceKey
        }
    }

    public struct State: Equatable, Sendable {
        public var inputs = Inputs()
        /// Field: how long the token lives: `30d`, `12h`, `90m`, `3600s`.
        public var lifetimeText = "30d"
        public var token: SASToken?
        /// The inputs the token was generated for; a token for other ones is stale.
        public var tokenFor: Inputs?
        /// Whether the token is shown in clear on screen (it is masked until the engineer asks).
        public var revealed = false

        public init(lifetimeText: String = "30d") {
            self.lifetimeText = lifetimeText
        }
    }

    public enum Action: Equatable, Sendable {
        case inputsChanged(Inputs)
        case lifetimeChanged(String)
        /// Generate a token expiring `lifetime` after `now` (the runtime supplies the clock).
        case generate(now: Date)
        case toggleReveal
    }

    /// Generating a token is pure computation: this step asks for no I/O.
    public enum Effect: Equatable, Sendable {}

    /// Warn when the token has less than this left: Kepware stops publishing at expiry.
    public static let expiryWarning: TimeInterval = 7 * 86_400

    public static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .inputsChanged(let inputs):
            state.inputs = inputs
        case .lifetimeChanged(let text):
            state.lifetimeText = text
        case .generate(let now):
            guard fieldErrors(state).isEmpty,
                  let hub = state.inputs.hub, let device = state.inputs.device,
                  let keyText = state.inputs.deviceKey?.revealed,
                  let key = try? SharedAccessKey(base64: keyText),
                  let lifetime = try? TokenLifetime(parsing: state.lifetimeText)
            else { return [] }
            let expiry = lifetime.expiry(fromEpoch: Int(now.timeIntervalSince1970))
            state.token = SASToken.forDevice(hub: hub, device: device, key: key, expiry: expiry)
            state.tokenFor = state.inputs
        case .toggleReveal:
            state.revealed.toggle()
        }
        return []
    }

    public static func fieldErrors(_ state: State) -> [FieldError] {
        var errors: [FieldError] = []
        if state.inputs.hub == nil || state.inputs.device == nil {
            errors.append(FieldError(field: "device", message: "No hub and device yet: fill them in step 3 (Device)"))
        }
        if let key = state.inputs.deviceKey, !key.isEmpty {
            do {
                _ = try SharedAccessKey(base64: key.revealed)
            } catch {
                errors.append(FieldError(field: "deviceKey", message: "\(error)"))
            }
        } else {
            errors.append(FieldError(field: "deviceKey", message: "No device key yet: read it from IoT Hub or paste it in step 3 (Device)"))
        }
        do {
            _ = try TokenLifetime(parsing: state.lifetimeText)
        } catch {
            errors.append(FieldError(field: "lifetime", message: "\(error)"))
        }
        return errors
    }

    public static func status(_ state: State, now: Date) -> StepStatus {
        guard let token = state.token, let tokenFor = state.tokenFor else { return .pending }
        if tokenFor.hub != state.inputs.hub || tokenFor.device != state.inputs.device {
            return .stale(reason: "the token is for \(tokenFor.device?.rawValue ?? "?") on \(tokenFor.hub?.hostName ?? "?"); generate a new one")
        }
        if tokenFor.deviceKey != state.inputs.deviceKey {
            return .stale(reason: "the device key changed since the token was generated; generate a new one")
        }
        let inspection = token.inspection
        if inspection.hasPassedExpiry(at: now) {
            return .failed(reason: "the token expired \(DurationWording.describe(-inspection.timeLeft(at: now))) ago; generate a new one")
        }
        let left = inspection.timeLeft(at: now)
        if left < expiryWarning {
            return .done(warning: "the token expires in \(DurationWording.describe(left))")
        }
        return .done(warning: nil)
    }
}
