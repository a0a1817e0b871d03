import Crypto
import Foundation

/// The token a CBS `put-token` carries to the Event Hub-compatible endpoint. It differs from IoT Hub's own
/// SAS token in one way that matters: the HMAC key is the policy key's UTF-8 text, not its base64-decoded
/// bytes (cloud-side.md A.5; Azure/azure-sdk-for-python `_pyamqp/utils.py` `generate_sas_token` calls
/// `key.encode("utf-8")`; Microsoft's Service Bus samples sign with `Encoding.UTF8.GetBytes(key)`).
/// Format: `SharedAccessSignature sr=<quote_plus(audience)>&sig=<url-encoded base64>&se=<epoch>&skn=<policy>`.
public enum EventHubsSASToken {
    /// A token for `audience` (the CLI's is `sb://<eh-host>/<eh-name>`, `hub_target_builder.py` `_build_auth_container`).
    public static func generate(audience: String, policyName: String, key: SharedAccessKey, expiry: Int) -> Secret {
        let encodedAudience = AzurePercentEncoding.encode(audience)
        let signature = sign(encodedAudience + "\n" + String(expiry), key: key)
        return Secret("SharedAccessSignature sr=\(encodedAudience)&sig=\(AzurePercentEncoding.encode(signature))&se=\(expiry)"
                      + "&skn=\(AzurePercentEncoding.encode(policyName))")
    }

    /// Why a put-token is refused, as the service's status code and description say it.
    public enum Refusal: Equatable, Sendable {
        case malformed
        case unknownPolicy(String)
        case wrongSignature
        case expired(expiry: Int)
        case wrongAudience(String)

        /// CBS `status-code` (HTTP semantics, cloud-side.md A.4).
        public var statusCode: Int32 { 401 }
        public var statusDescription: String {
            switch self {
            case .malformed: "InvalidSignature: the token is not a SharedAccessSignature"
            case .unknownPolicy(let name): "InvalidSignature: unknown policy '\(name)'"
            case .wrongSignature: "InvalidSignature: the token's signature does not match"
            case .expired(let expiry): "ExpiredToken: the token expired at \(expiry)"
            case .wrongAudience(let audience): "InvalidAudience: the token is for '\(audience)'"
            }
        }
    }

    /// Checks `token` as the service would (the lab's endpoint): policy known, signature with that policy's
    /// key, not expired at `now`, and `sr` a prefix of `audience` (a namespace-wide token also grants the entity).
    public static func verify(_ token: String, audience: String, keys: [String: SharedAccessKey], now: Date) -> Refusal? {
        guard let parsed = try? SASToken(parsing: token), let policy = parsed.policyName else { return .malformed }
        guard let key = keys[policy] else { return .unknownPolicy(policy) }
        let expected = AzurePercentEncoding.encode(sign(parsed.encodedResourceURI + "\n" + parsed.expiryText, key: key))
        guard ConstantTime.equal(Array(expected.utf8), Array(parsed.encodedSignature.utf8)) else { return .wrongSignature }
        if parsed.expiryEpoch <= Int(now.timeIntervalSince1970) { return .expired(expiry: parsed.expiryEpoch) }
        let resource = (AzurePercentEncoding.decode(parsed.encodedResourceURI) ?? "").lowercased()
        guard !resource.isEmpty, audience.lowercased().hasPrefix(resource) else { return .wrongAudience(resource) }
        return nil
    }

    static func sign(_ text: String, key: SharedAccessKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(key.base64.revealed.utf8)))
        return Data(mac).base64EncodedString()
    }
}
