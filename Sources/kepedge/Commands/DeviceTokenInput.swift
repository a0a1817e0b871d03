import Foundation
import KepEdgeCore

/// Reads the device's SAS token from exactly one of the places commands accept it, and checks it is for
/// the device the command connects as.
enum DeviceTokenInput {
    static let environmentVariable = "KEPEDGE_SAS_TOKEN"

    /// The token, or nil when none of `candidates` was given; input errors name the source and the fix.
    static func read(_ candidates: [SecretSourceChoice.Candidate], for mqtt: GatewayMQTTSettings) throws -> SASToken? {
        guard let (source, text) = try SecretSourceChoice.pick(candidates, what: "the SAS token") else { return nil }
        let token: SASToken
        do { token = try SASToken(parsing: text) } catch { throw CLIFailure.input("\(source): \(error.description)") }
        let inspection = token.inspection
        if inspection.resourceURI != mqtt.resourceURI {
            throw CLIFailure.input("\(source): the token is for \(inspection.resourceURI), but this agent connects as \(mqtt.resourceURI); make a token for this device with 'kepedge sas'")
        }
        return token
    }
}
