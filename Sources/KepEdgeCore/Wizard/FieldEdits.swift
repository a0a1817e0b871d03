/// Which actions edit a field the session file keeps (quitting after one asks to save first).
extension CertificateStep.Action {
    var editsAField: Bool {
        switch self {
        case .caPathChanged, .exportDirectoryChanged, .caLocated: return true
        default: return false
        }
    }
}

extension NamesStep.Action {
    var editsAField: Bool {
        switch self {
        case .gatewayHostChanged, .portChanged, .edgeConfigRead: return true
        default: return false
        }
    }
}

extension DeviceStep.Action {
    var editsAField: Bool {
        switch self {
        case .hubChanged, .deviceIDChanged, .edgeDeviceIDChanged, .credentialPasted: return true
        default: return false
        }
    }
}

extension SASStep.Action {
    var editsAField: Bool {
        switch self {
        case .lifetimeChanged, .generate: return true
        default: return false
        }
    }
}

extension AgentStep.Action {
    var editsAField: Bool {
        switch self {
        case .agentNameChanged, .apiVersionChanged, .qosChanged, .kepwareURLChanged, .kepwareUserChanged,
             .kepwareFingerprintChanged, .itemsChanged:
            return true
        default:
            return false
        }
    }
}
