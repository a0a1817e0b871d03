import Foundation
@testable import KepEdgeCore

/// edgeHub and mosquitto log lines through to their printed forms (`kepedge monitor` text and `--json`).
/// Properties: never traps (issue 17 item 1: a huge mosquitto time trapped); a printed line is one line
/// without terminal control characters; a JSON line is one line of valid JSON.
func fuzz(_ data: Data) {
    let line = text(data)
    let received = Date(timeIntervalSince1970: 1_795_744_348)
    let edgeHub = EdgeHubLogLine(parsing: line)
    _ = edgeHub.concerns(device: "kepware-01")
    let events = [edgeHub.monitorEvent(receivedAt: received, deviceID: "kepware-01"),
                  MosquittoLogLine(parsing: line).monitorEvent(receivedAt: received)]
    for event in events {
        let printed = event.line
        if hasTerminalControl(printed) { fuzzFailure("printed line holds a control character: \(printed.debugDescription)") }
        let json = MonitorEventRecord(event).jsonLine
        if json.contains("\n") { fuzzFailure("JSON line spans lines") }
        if (try? JSONSerialization.jsonObject(with: Data(json.utf8))) == nil { fuzzFailure("JSON line is not JSON: \(json)") }
    }
}
