import CQpidProton
import Foundation

/// An AMQP value read out of a Proton `pn_data_t`, so the rest of the code never walks Proton's cursor.
package indirect enum AMQPValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// AMQP `int` (32 bits), as CBS and management replies carry `status-code`.
    case int32(Int32)
    /// AMQP `ushort`, as a redirect's `port` (OASIS AMQP 1.0 §2.8.17).
    case ushort(UInt16)
    /// An AMQP array of strings (a management reply's `partition_ids`).
    case stringArray([String])
    case timestamp(Int64)
    case string(String)
    case symbol(String)
    case binary(Data)
    case map([AMQPMapEntry])
    case list([AMQPValue])
    case described(descriptor: AMQPValue, value: AMQPValue)
    case other(String)

    /// A string or symbol's text.
    package var text: String? {
        switch self {
        case .string(let text), .symbol(let text): text
        default: nil
        }
    }

    package var integer: Int64? {
        switch self {
        case .int(let value), .timestamp(let value): value
        case .uint(let value): Int64(exactly: value)
        case .int32(let value): Int64(value)
        case .ushort(let value): Int64(value)
        default: nil
        }
    }

    /// The value under a string or symbol key of a map.
    package subscript(key: String) -> AMQPValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key.text == key }?.value
    }

    /// Reads the whole of `data` (its first value); `.null` when empty.
    package static func read(_ data: OpaquePointer?) -> AMQPValue {
        guard let data else { return .null }
        pn_data_rewind(data)
        guard pn_data_next(data) else { return .null }
        return readCurrent(data)
    }

    /// The value at Proton's cursor (the cursor stays on it).
    package static func readCurrent(_ data: OpaquePointer) -> AMQPValue {
        let type = pn_data_type(data)
        switch type {
        case PN_NULL: return .null
        case PN_BOOL: return .bool(pn_data_get_bool(data))
        case PN_UBYTE: return .uint(UInt64(pn_data_get_ubyte(data)))
        case PN_USHORT: return .uint(UInt64(pn_data_get_ushort(data)))
        case PN_UINT: return .uint(UInt64(pn_data_get_uint(data)))
        case PN_ULONG: return .uint(pn_data_get_ulong(data))
        case PN_BYTE: return .int(Int64(pn_data_get_byte(data)))
        case PN_SHORT: return .int(Int64(pn_data_get_short(data)))
        case PN_INT: return .int(Int64(pn_data_get_int(data)))
        case PN_LONG: return .int(pn_data_get_long(data))
        case PN_TIMESTAMP: return .timestamp(pn_data_get_timestamp(data))
        case PN_STRING: return .string(text(pn_data_get_string(data)))
        case PN_SYMBOL: return .symbol(text(pn_data_get_symbol(data)))
        case PN_BINARY: return .binary(bytes(pn_data_get_binary(data)))
        case PN_MAP:
            let count = Int(pn_data_get_map(data)) / 2
            pn_data_enter(data)
            defer { pn_data_exit(data) }
            var entries: [AMQPMapEntry] = []
            for _ in 0..<count {
                guard pn_data_next(data) else { break }
                let key = readCurrent(data)
                guard pn_data_next(data) else { break }
                entries.append(AMQPMapEntry(key: key, value: readCurrent(data)))
            }
            return .map(entries)
        case PN_LIST, PN_ARRAY:
            let count = type == PN_LIST ? Int(pn_data_get_list(data)) : Int(pn_data_get_array(data))
            let described = type == PN_ARRAY && pn_data_is_array_described(data)
            pn_data_enter(data)
            defer { pn_data_exit(data) }
            if described { _ = pn_data_next(data) }
            var items: [AMQPValue] = []
            for _ in 0..<count {
                guard pn_data_next(data) else { break }
                items.append(readCurrent(data))
            }
            return .list(items)
        case PN_DESCRIBED:
            pn_data_enter(data)
            defer { pn_data_exit(data) }
            guard pn_data_next(data) else { return .null }
            let descriptor = readCurrent(data)
            guard pn_data_next(data) else { return .described(descriptor: descriptor, value: .null) }
            return .described(descriptor: descriptor, value: readCurrent(data))
        default:
            return .other(String(cString: pn_type_name(type)))
        }
    }

    /// Appends this value at Proton's cursor.
    package func put(into data: OpaquePointer) {
        switch self {
        case .null: pn_data_put_null(data)
        case .bool(let value): pn_data_put_bool(data, value)
        case .int(let value): pn_data_put_long(data, value)
        case .uint(let value): pn_data_put_ulong(data, value)
        case .int32(let value): pn_data_put_int(data, value)
        case .ushort(let value): pn_data_put_ushort(data, value)
        case .stringArray(let items):
            pn_data_put_array(data, false, PN_STRING)
            pn_data_enter(data)
            for item in items { AMQPValue.withBytes(item) { pn_data_put_string(data, $0) } }
            pn_data_exit(data)
        case .timestamp(let value): pn_data_put_timestamp(data, value)
        case .string(let text): AMQPValue.withBytes(text) { pn_data_put_string(data, $0) }
        case .symbol(let text): AMQPValue.withBytes(text) { pn_data_put_symbol(data, $0) }
        case .binary(let bytes):
            bytes.withUnsafeBytes { raw in
                pn_data_put_binary(data, pn_bytes(raw.count, raw.baseAddress?.assumingMemoryBound(to: CChar.self)))
            }
        case .map(let entries):
            pn_data_put_map(data)
            pn_data_enter(data)
            for entry in entries {
                entry.key.put(into: data)
                entry.value.put(into: data)
            }
            pn_data_exit(data)
        case .list(let items):
            pn_data_put_list(data)
            pn_data_enter(data)
            for item in items { item.put(into: data) }
            pn_data_exit(data)
        case .described(let descriptor, let value):
            pn_data_put_described(data)
            pn_data_enter(data)
            descriptor.put(into: data)
            value.put(into: data)
            pn_data_exit(data)
        case .other: pn_data_put_null(data)
        }
    }

    /// Replaces the content of `data` with this value.
    package func write(to data: OpaquePointer?) {
        guard let data else { return }
        pn_data_clear(data)
        put(into: data)
    }

    /// Proton copies the bytes into its own buffer (`pni_data_intern_node`), so a temporary pointer is enough.
    static func withBytes(_ text: String, _ body: (pn_bytes_t) -> Void) {
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body(pn_bytes(buffer.count, $0.baseAddress)) }
        }
    }

    static func text(_ bytes: pn_bytes_t) -> String {
        guard let start = bytes.start, bytes.size > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: start, count: bytes.size), as: UTF8.self)
    }

    static func bytes(_ bytes: pn_bytes_t) -> Data {
        guard let start = bytes.start, bytes.size > 0 else { return Data() }
        return Data(bytes: start, count: bytes.size)
    }
}

package struct AMQPMapEntry: Equatable, Sendable {
    package var key: AMQPValue
    package var value: AMQPValue

    package init(key: AMQPValue, value: AMQPValue) {
        self.key = key
        self.value = value
    }
}

extension AMQPValue {
    /// A map of string keys to string values (application-properties of a request).
    package static func stringMap(_ pairs: KeyValuePairs<String, String>) -> AMQPValue {
        .map(pairs.map { AMQPMapEntry(key: .string($0.key), value: .string($0.value)) })
    }
}
