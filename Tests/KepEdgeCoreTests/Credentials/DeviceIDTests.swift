import KepEdgeCore
import Testing

@Suite struct DeviceIDTests {
    @Test(arguments: ["kepware-01", "a", "Line_3.PLC", "x%y*z?w!(v),u:t=s@r$q'p", String(repeating: "d", count: 128)])
    func acceptsIoTHubIDs(id: String) throws {
        #expect(try DeviceID(validating: id).rawValue == id)
    }

    @Test func spaceIsNamedWithItsPositionAndTheAllowedSet() {
        #expect(throws: DeviceIDError.characterNotAllowed(id: "kep ware", character: " ", position: 4)) {
            try DeviceID(validating: "kep ware")
        }
        let error = DeviceIDError.characterNotAllowed(id: "kep ware", character: " ", position: 4)
        #expect(error.description
            == "device id \"kep ware\": character ' ' at position 4 is not allowed; use letters, digits and - . % _ * ? ! ( ) , : = @ $ '")
        #expect(error.localizedDescription == error.description)
    }

    @Test(arguments: [("a+b", Character("+"), 2), ("#1", "#", 1), ("a;b", ";", 2), ("caf\u{E9}", "\u{E9}", 4), ("a/b", "/", 2), ("tab\there", "\t", 4)])
    func refusesCharactersIoTHubDoesNot(id: String, character: Character, position: Int) {
        #expect(throws: DeviceIDError.characterNotAllowed(id: id, character: character, position: position)) {
            try DeviceID(validating: id)
        }
    }

    @Test func plusAndHashExplainWhy() {
        #expect(DeviceIDError.characterNotAllowed(id: "a+b", character: "+", position: 2).description.contains("no longer supports + and #"))
    }

    @Test func controlCharactersAreShownAsCodePoints() {
        let text = DeviceIDError.characterNotAllowed(id: "tab", character: "\t", position: 4).description
        #expect(text.contains("U+0009"))
    }

    @Test func emptyAndTooLong() {
        #expect(throws: DeviceIDError.empty) { try DeviceID(validating: "") }
        #expect(throws: DeviceIDError.tooLong(length: 129)) { try DeviceID(validating: String(repeating: "d", count: 129)) }
        #expect(DeviceIDError.tooLong(length: 129).description.contains("at most 128"))
    }
}
