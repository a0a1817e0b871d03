/// One tag published by an MQTT agent. The item name follows Kepware's convention: the tag path without its
/// leading `_`, with every `.` replaced by `_` (`Channel1.Device1.Tag1` → `Channel1_Device1_Tag1`,
/// `_System._Time` → `System__Time`).
public struct KepwareIoTItem: Equatable, Sendable {
    /// The full tag reference, e.g. `Channel1.Device1.Tag1`.
    public var serverTag: String
    public var scanRateMilliseconds: Int = 1_000
    /// True: publish every scan; false: only on change.
    public var sendEveryScan: Bool = false
    public var deadbandPercent: Int = 0
    public var enabled: Bool = true
    /// Kepware's data type code; -1 lets the server use the tag's own type.
    public var dataType: Int = -1

    public init(serverTag: String) {
        self.serverTag = serverTag
    }

    /// The item name Kepware derives from the tag path.
    public var name: String {
        var path = Substring(serverTag)
        if path.hasPrefix("_") { path = path.dropFirst() }
        return String(path.map { $0 == "." ? "_" : $0 })
    }

    /// The body of `POST …/mqtt_clients/{agent}/iot_items`.
    public var configurationAPIBody: JSONValue {
        typealias Key = KepwarePropertyKey
        return .object([
            Key.name: .string(name),
            Key.itemServerTag: .string(serverTag),
            Key.itemUseScanRate: .bool(true),
            Key.itemScanRateMilliseconds: .int(scanRateMilliseconds),
            Key.itemSendEveryScan: .bool(sendEveryScan),
            Key.itemDeadbandPercent: .int(deadbandPercent),
            Key.itemEnabled: .bool(enabled),
            Key.itemDataType: .int(dataType),
        ])
    }
}
