import Foundation

/// Configuration API paths, relative to `/config/v1`. Names are percent-encoded like kepconfig's `quote(name, safe='')`.
public enum KepwarePaths {
    public static let about = "/about"
    public static let project = "/project"
    public static let iotGatewayTypeDefinition = "/project/_iot_gateway?content=type_definition"
    public static let mqttClients = "/project/_iot_gateway/mqtt_clients"

    public static func agent(_ name: String) -> String { "\(mqttClients)/\(encode(name))" }
    public static func items(agent name: String) -> String { "\(agent(name))/iot_items" }

    /// `/event_log?limit=N&start=…` with Kepware's `YYYY-MM-DDTHH:mm:ss.sss` UTC timestamps.
    public static func eventLog(limit: Int, start: Date?) -> String {
        var path = "/event_log?limit=\(limit)"
        if let start { path += "&start=\(KepwareEventLogEntry.timestamp(start))" }
        return path
    }

    public static func encode(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}
