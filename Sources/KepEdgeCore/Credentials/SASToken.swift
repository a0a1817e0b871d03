import Foundation

/// An IoT Hub shared access signature:
/// `SharedAccessSignature sr={URL-encoded resource URI}&sig={URL-encoded signature}&se={expiry}[&skn={policy}]`.
///
/// Generation follows the Python SDK and `az iot hub generate-sas-token`: `sr` percent-encoded with upper-case
/// hex (`%2F`), signature = base64(HMAC-SHA256(base64-decoded key, sr + "\n" + se)), `sig` percent-encoded,
/// fields in the order sr, sig, se, skn. `description` never shows the signature.
public struct SASToken: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `sr` exactly as it appears in the token (still percent-encoded).
    public let encodedResourceURI: String
    /// `sig` exactly as it appears in the token (percent-encoded).
    let encodedSignature: String
    /// `se` exactly as it appears in the token.
    public let expiryText: String
    public let expiryEpoch: Int
    public let policyName: String?
    /// The whole token: the MQTT password.
    public let value: Secret

    /// A device-key token for `{hub}/devices/{device}`, no policy name.
    public static func forDevice(hub: IoTHubHost, device: DeviceID, key: SharedAccessKey, expiry: Int) -> SASToken {
        generate(resourceURI: "\(hub.hostName)/devices/\(device.rawValue)", key: key, expiry: expiry, policyName: nil)
    }

    /// A token for any resource URI, with `skn` when a policy name is given.
    public static func generate(resourceURI: String, key: SharedAccessKey, expiry: Int, policyName: String?) -> SASToken {
        let encodedResource = AzurePercentEncoding.encode(resourceURI)
        let expiryText = String(expiry)
        let signature = key.signature(of: encodedResource + "\n" + expiryText)
        let encodedSignature = AzurePercentEncoding.encode(signature)
        var token = "SharedAccessSignature sr=\(encodedResource)&sig=\(encodedSignature)&se=\(expiryText)"
        if let policyName { token += "&skn=\(AzurePercentEncoding.encode(policyName))" }
        return SASToken(encodedResourceURI: encodedResource, encodedSignature: encodedSignature, expiryText: expiryText,
                        expiryEpoch: expiry, policyName: policyName, value: Secret(token))
    }

    private init(encodedResourceURI: String, encodedSignature: String, expiryText: String, expiryEpoch: Int,
                 policyName: String?, value: Secret) {
        self.encodedResourceURI = encodedResourceURI
        self.encodedSignature = encodedSignature
        self.expiryText = expiryText
        self.expiryEpoch = expiryEpoch
        self.policyName = policyName
        self.value = value
    }

    /// Reads a token exactly as a pasted password reaches edgeHub: white space before or after it is refused too
    /// (a trailing line break or space makes edgeHub's `Split()` find a third part).
    public init(parsingExactly input: String) throws(SASTokenError) {
        if let problem = SASToken.surroundingWhitespace(in: input) { throw .surroundingWhitespace(problem) }
        try self.init(parsing: input)
    }

    /// "ends with a line break", "starts with a space" …, or nil when the text has no white space around it.
    public static func surroundingWhitespace(in text: String) -> String? {
        func name(_ character: Character) -> String {
            switch character {
            case "\n", "\r\n", "\r": "a line break"
            case "\t": "a tab"
            case " ": "a space"
            default: "white space"
            }
        }
        if let last = text.last, last.isWhitespace { return "ends with \(name(last))" }
        if let first = text.first, first.isWhitespace { return "starts with \(name(first))" }
        return nil
    }

    /// Reads a token the way edgeHub does: `SharedAccessSignature` and one field string; fields split on `&`
    /// then `=`, names case-insensitive, any order, unknown fields ignored. White space around the whole token
    /// is dropped (files end with a line break); use `init(parsingExactly:)` for a pasted password.
    public init(parsing input: String) throws(SASTokenError) {
        let text = input.trimmingWhitespace()
        if text.isEmpty { throw .empty }
        // edgeHub: `rawToken.Split()` keeps empty parts, so a doubled space is a third part and the token is refused.
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: \.isWhitespace)
        guard parts.first == "SharedAccessSignature", parts.count >= 2 else { throw .notASharedAccessSignature }
        if parts.count > 2, parts[1].isEmpty { throw .doubledSpace }
        guard parts.count == 2 else { throw .unexpectedWhitespace }

        var fields: [String: String] = [:]
        for (offset, field) in parts[1].split(separator: "&", omittingEmptySubsequences: false).enumerated() {
            let pieces = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw .fieldWithoutEquals(index: offset + 1) }
            let name = pieces[0].lowercased()
            // Unknown fields are ignored, as edgeHub does; their names are never echoed (they could be anything).
            guard SASToken.knownFields.contains(name) else { continue }
            if fields[name] != nil { throw .duplicateField(name) }
            if pieces[1].contains("=") { throw .unencodedEquals(field: name) }
            fields[name] = String(pieces[1])
        }
        func required(_ name: String) throws(SASTokenError) -> String {
            guard let value = fields[name] else { throw .missingField(name) }
            if value.isEmpty { throw .emptyField(name) }
            return value
        }
        let resource = try required("sr")
        let signature = try required("sig")
        let expiryText = try required("se")
        guard AzurePercentEncoding.decode(resource) != nil else { throw .badPercentEncoding(field: "sr") }
        guard AzurePercentEncoding.decode(signature, plusAsSpace: true) != nil else { throw .badPercentEncoding(field: "sig") }
        guard expiryText.allSatisfy(\.isASCII), expiryText.allSatisfy(\.isNumber), let epoch = Int(expiryText) else {
            throw .badExpiry(expiryText)
        }
        // edgeHub reads se into a .NET DateTime (EpochTime + seconds, Azure/iotedge
        // edge-util/src/Microsoft.Azure.Devices.Edge.Util/SharedAccessSignatureConstants.cs), which ends at year 9999:
        // a later se is refused there, so it is refused here rather than shown as valid with an impossible date.
        guard epoch <= SASToken.latestExpiry else { throw .expiryBeyondYear9999(expiryText) }
        var policy: String?
        if let skn = fields["skn"] {
            guard let decoded = AzurePercentEncoding.decode(skn) else { throw .badPercentEncoding(field: "skn") }
            policy = decoded.isEmpty ? nil : decoded
        }
        self.init(encodedResourceURI: resource, encodedSignature: signature, expiryText: expiryText,
                  expiryEpoch: epoch, policyName: policy, value: Secret(text))
    }

    static let knownFields: Set<String> = ["sr", "sig", "se", "skn"]

    /// 9999-12-31T23:59:59Z: the last expiry a .NET DateTime (edgeHub, IoT Hub) can hold.
    public static let latestExpiry = 253_402_300_799

    /// The token's audience, device, policy and expiry, decoded.
    public var inspection: SASTokenInspection {
        SASTokenInspection(resourceURI: AzurePercentEncoding.decode(encodedResourceURI) ?? encodedResourceURI,
                           policyName: policyName, expiryEpoch: expiryEpoch)
    }

    /// Whether `sig` is the HMAC of `sr` (exactly as sent) and `se` under `key`, as edgeHub checks it.
    public func verify(with key: SharedAccessKey) -> Bool {
        guard let presented = AzurePercentEncoding.decode(encodedSignature, plusAsSpace: true) else { return false }
        let expected = key.signature(of: encodedResourceURI + "\n" + expiryText)
        return ConstantTime.equal(Array(presented.utf8), Array(expected.utf8))
    }

    /// The token with the signature masked.
    public var description: String {
        var text = "SharedAccessSignature sr=\(encodedResourceURI)&sig=\(Secret.mask(encodedSignature))&se=\(expiryText)"
        if let policyName { text += "&skn=\(policyName)" }
        return text
    }

    public var debugDescription: String { "SASToken(\(description))" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
