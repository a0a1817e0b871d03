/// The six steps, in the order the wizard walks them.
public enum StepID: Int, CaseIterable, Codable, Sendable, Comparable {
    case certificate = 1
    case names
    case device
    case sas
    case agent
    case validation

    /// The short label in the step bar: `1 Certificate  2 Names  3 Device  4 SAS  5 Agent  6 Validate`.
    public var shortTitle: String {
        switch self {
        case .certificate: return "Certificate"
        case .names: return "Names"
        case .device: return "Device"
        case .sas: return "SAS"
        case .agent: return "Agent"
        case .validation: return "Validate"
        }
    }

    /// The screen title.
    public var title: String {
        switch self {
        case .certificate: return "Gateway root CA and edgeHub's certificate"
        case .names: return "Gateway name resolution"
        case .device: return "Kepware device identity in IoT Hub"
        case .sas: return "SAS token for the Kepware device"
        case .agent: return "Kepware MQTT Client agent"
        case .validation: return "Live validation"
        }
    }

    public var next: StepID? { StepID(rawValue: rawValue + 1) }
    public var previous: StepID? { StepID(rawValue: rawValue - 1) }

    public static func < (lhs: StepID, rhs: StepID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where a step stands, as the step bar shows it.
public enum StepStatus: Equatable, Sendable {
    /// Not done yet, nothing running.
    case pending
    /// A check is in flight.
    case running
    /// Done, with a warning worth reading (e.g. a token expiring soon, a parent not verified).
    case done(warning: String?)
    /// Was done, but for inputs that have since changed (another hub, device or gateway name).
    case stale(reason: String)
    /// The last check failed; the reason is one line.
    case failed(reason: String)

    public var isDone: Bool {
        if case .done = self { return true }
        return false
    }
}
