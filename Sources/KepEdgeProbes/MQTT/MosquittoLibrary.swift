import CMosquitto

/// libmosquitto's process-wide setup, done once before the first client (mosquitto_lib_init is not re-entrant).
enum MosquittoLibrary {
    private static let initialized: Bool = {
        mosquitto_lib_init()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// libmosquitto's words for a result code.
    static func describe(_ code: Int32) -> String {
        guard let text = mosquitto_strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
