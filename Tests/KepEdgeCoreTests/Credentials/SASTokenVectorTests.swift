import Foundation
import KepEdgeCore
import Testing

/// Published vectors (azure.md §1.4): the tokens must come out byte for byte.
@Suite struct SASTokenVectorTests {
    static let cliKey = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let cliExpiry = 1_471_940_363

    @Test func vectorA_deviceTokenMatchesTheAzureCLI() throws {
        let token = SASToken.forDevice(
            hub: try IoTHubHost(parsing: "iot-hub-for-test"), device: try DeviceID(validating: "iot-device-for-test"),
            key: try SharedAccessKey(base64: Self.cliKey), expiry: Self.cliExpiry)
        #expect(token.value.revealed
            == "SharedAccessSignature sr=iot-hub-for-test.azure-devices.net%2Fdevices%2Fiot-device-for-test&sig=SIumZ1ACqqPJZ2okHDlW9MSYKykEpqsQY3z6FMOICd4%3D&se=1471940363")
    }

    @Test func vectorB_hubPolicyToken() throws {
        let token = SASToken.generate(resourceURI: "iot-hub-for-test.azure-devices.net", key: try SharedAccessKey(base64: Self.cliKey),
                                      expiry: Self.cliExpiry, policyName: "iothubowner")
        #expect(token.value.revealed
            == "SharedAccessSignature sr=iot-hub-for-test.azure-devices.net&sig=770sPjjYxRYpNz8%2FhEN7XR5XU5KDGYGTinSP8YyeTXw%3D&se=1471940363&skn=iothubowner")
    }

    @Test func vectorC_moduleToken() throws {
        let token = SASToken.generate(
            resourceURI: "iot-hub-for-test.azure-devices.net/devices/iot-device-for-test/modules/module-for-test",
            key: try SharedAccessKey(base64: Self.cliKey), expiry: Self.cliExpiry, policyName: "iothubowner")
        #expect(token.value.revealed
            == "SharedAccessSignature sr=iot-hub-for-test.azure-devices.net%2Fdevices%2Fiot-device-for-test%2Fmodules%2Fmodule-for-test&sig=JwAxBBBPYA0E%2FTHdnrXzUfBfuZ7deH6pppCniJ23Uu0%3D&se=1471940363&skn=iothubowner")
        let inspection = token.inspection
        #expect(inspection.deviceID == "iot-device-for-test")
        #expect(inspection.moduleID == "module-for-test")
        #expect(inspection.policyName == "iothubowner")
    }

    @Test func vectorD_nodeSDK() throws {
        let token = SASToken.generate(resourceURI: "uri", key: try SharedAccessKey(base64: "cGFzc3dvcmQ="), expiry: 12345, policyName: nil)
        #expect(token.value.revealed == "SharedAccessSignature sr=uri&sig=kcWxXAK2OAaAoq2oCkaGzX2NMqDB8nCyNuq2fPYCDhk%3D&se=12345")
    }

    @Test func vectorE_hmacOfAPlainMessage() throws {
        #expect(try SharedAccessKey(base64: "cGFzc3dvcmQ=").signature(of: "string-to-sign") == "o1n1hiIVgzVA2+krq9ty1Z4xsIJKJZP3dYT8MOi65Y4=")
    }

    @Test func vectorF_nodeDeviceTokenWithThePaddedKey() throws {
        let token = SASToken.generate(resourceURI: "host/devices/device", key: try SharedAccessKey(base64: "kew="), expiry: 12345, policyName: nil)
        #expect(token.value.revealed == "SharedAccessSignature sr=host%2Fdevices%2Fdevice&sig=wM3XiP6gD960IxP7J5WHqnxQHEcWC6YaQCtoMT%2BkKHc%3D&se=12345")
    }

    @Test func vectorG_pythonSigningMechanism() throws {
        let key = try SharedAccessKey(base64: "NMgJDvdKTxjLi+xBxxkDDEwDJxEvOE5u8BiT0mVgPeg=")
        #expect(key.signature(of: "sign this message") == "8NJRMT83CcplGrAGaUVIUM/md5914KpWVNngSVoF9/M=")
    }

    @Test func generatedTokensParseBackAndVerify() throws {
        let key = try SharedAccessKey(base64: Self.cliKey)
        let token = SASToken.generate(resourceURI: "iot-hub-for-test.azure-devices.net", key: key, expiry: Self.cliExpiry, policyName: "iothubowner")
        let parsed = try SASToken(parsing: token.value.revealed)
        #expect(parsed == token)
        #expect(parsed.verify(with: key))
        #expect(!parsed.verify(with: try SharedAccessKey(base64: "kew=")))
    }

    @Test func deviceIDsWithPunctuationAreEncodedInSrAndStillVerify() throws {
        let key = try SharedAccessKey(base64: Self.cliKey)
        let token = SASToken.forDevice(hub: try IoTHubHost(parsing: "myhub"), device: try DeviceID(validating: "line:1(a)@b$c"),
                                       key: key, expiry: 2_000_000_000)
        #expect(token.value.revealed.hasPrefix("SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fline%3A1%28a%29%40b%24c&sig="))
        let parsed = try SASToken(parsing: token.value.revealed)
        #expect(parsed.inspection.deviceID == "line:1(a)@b$c")
        #expect(parsed.verify(with: key))
    }
}
