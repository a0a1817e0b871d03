import Foundation

/// One IoT Hub registry REST call, as plain values (the probe layer sends it).
public struct RegistryRequest: Equatable, Sendable {
    /// The API version kepedge speaks (the portal and SDKs accept it; the CLI uses a newer one).
    public static let apiVersion = "2021-04-12"

    public enum Method: String, Sendable { case get = "GET", put = "PUT" }

    public var method: Method
    /// Path with the query, e.g. `/devices/kepware-01?api-version=2021-04-12`.
    public var pathAndQuery: String
    /// `If-Match` value (with quotes), only on updates.
    public var ifMatch: String?
    public var body: Data?

    /// `GET /devices/{id}`: the device with its keys.
    public static func getDevice(_ id: String) -> RegistryRequest {
        RegistryRequest(method: .get, pathAndQuery: "/devices/\(encodePathSegment(id))?api-version=\(apiVersion)")
    }

    /// `PUT /devices/{id}` without `If-Match`: create only.
    public static func createDevice(_ device: RegistryDevice) throws -> RegistryRequest {
        RegistryRequest(method: .put, pathAndQuery: "/devices/\(encodePathSegment(device.deviceId))?api-version=\(apiVersion)",
                        body: try JSONEncoder().encode(device))
    }

    /// `PUT /devices/{id}` with `If-Match: "<etag>"`: update the device read with that etag.
    public static func updateDevice(_ device: RegistryDevice, etag: String) throws -> RegistryRequest {
        RegistryRequest(method: .put, pathAndQuery: "/devices/\(encodePathSegment(device.deviceId))?api-version=\(apiVersion)",
                        ifMatch: quotedETag(etag), body: try JSONEncoder().encode(device))
    }

    /// `GET /twins/{edge}/modules/$edgeHub`: the edgeHub module twin holding the routes.
    public static func edgeHubTwin(edgeDevice: String) -> RegistryRequest {
        RegistryRequest(method: .get, pathAndQuery: "/twins/\(encodePathSegment(edgeDevice))/modules/$edgeHub?api-version=\(apiVersion)")
    }

    /// IoT Hub sends etags bare (`"AAAAAAAAAAE="` inside JSON) and wants them quoted in `If-Match`.
    public static func quotedETag(_ etag: String) -> String {
        etag.hasPrefix("\"") ? etag : "\"\(etag)\""
    }

    static func encodePathSegment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~!$'()*,=:@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
