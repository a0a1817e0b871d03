import CQpidProton
import Foundation
import KepEdgeCore

/// The lab endpoint's server-side SASL: PLAIN (IoT Hub's host: `<policy>@sas.root.<hub>` with an IoT Hub SAS
/// token as password, Azure/azure-iot-cli-extension `hub_target_builder.py`) and ANONYMOUS (the Event
/// Hub-compatible host, where CBS authorises; cloud-side.md A.3). Proton's built-in server SASL offers only
/// ANONYMOUS/EXTERNAL (apache/qpid-proton `c/src/sasl/default_sasl.c`), so this is a `sasl_plugin.h`
/// implementation patterned on that file. A refused PLAIN gets SASL outcome `auth`, which the client's
/// Proton reports as `amqp:unauthorized-access` (`c/src/sasl/sasl.c`). Inference: no public trace shows what
/// IoT Hub itself sends for a wrong PLAIN password.
enum LabAMQPSASL {
    /// Checks a PLAIN user and password; set per transport as the plugin's context.
    final class Checker: @unchecked Sendable {
        let check: (_ user: String, _ password: String) -> Bool
        init(check: @escaping (String, String) -> Bool) { self.check = check }

        /// Proton keeps the user name pointer it is given (`pnx_sasl_set_succeeded` stores it uncopied,
        /// `c/src/sasl/sasl.c`), so each transport's copy lives here until the plugin's `free`.
        private let lock = NSLock()
        private var names: [OpaquePointer: UnsafeMutablePointer<CChar>] = [:]

        func keep(_ name: String, for transport: OpaquePointer) -> UnsafePointer<CChar>? {
            guard let copy = strdup(name) else { return nil }
            lock.withLock {
                if let old = names.updateValue(copy, forKey: transport) { free(old) }
            }
            return UnsafePointer(copy)
        }

        func release(_ transport: OpaquePointer) {
            lock.withLock {
                if let old = names.removeValue(forKey: transport) { free(old) }
            }
        }
    }

    private static func checker(_ transport: OpaquePointer?) -> Checker? {
        guard let transport, let context = pnx_sasl_get_context(transport) else { return nil }
        return Unmanaged<Checker>.fromOpaque(context).takeUnretainedValue()
    }

    // Written once, read by Proton only: the C plugin table and its mechanism list live for the process.
    nonisolated(unsafe) private static let mechanisms: UnsafeMutablePointer<CChar> = strdup("PLAIN ANONYMOUS")

    nonisolated(unsafe) static let implementation: UnsafeMutablePointer<pnx_sasl_implementation> = {
        let pointer = UnsafeMutablePointer<pnx_sasl_implementation>.allocate(capacity: 1)
        pointer.initialize(to: pnx_sasl_implementation(
            free: { transport in
                if let transport { LabAMQPSASL.checker(transport)?.release(transport) }
            },
            list_mechanisms: { _ in UnsafePointer(LabAMQPSASL.mechanisms) },
            init_server: { transport in
                pnx_sasl_set_desired_state(transport, SASL_POSTED_MECHANISMS)
                return true
            },
            init_client: { _ in false },
            prepare_write: { _ in },
            process_init: { transport, mechanism, response in
                let name = mechanism.map { String(cString: $0) } ?? ""
                let checker = LabAMQPSASL.checker(transport)
                if name == "ANONYMOUS", let transport, let kept = checker?.keep("anonymous", for: transport) {
                    pnx_sasl_set_succeeded(transport, kept, nil)
                } else if name == "PLAIN", let response, let (user, password) = LabAMQPSASL.plain(response.pointee),
                          let checker, checker.check(user, password), let transport, let kept = checker.keep(user, for: transport) {
                    pnx_sasl_set_succeeded(transport, kept, nil)
                } else {
                    pnx_sasl_set_failed(transport)
                }
                pnx_sasl_set_desired_state(transport, SASL_POSTED_OUTCOME)
            },
            process_response: { transport, _ in
                pnx_sasl_set_failed(transport)
                pnx_sasl_set_desired_state(transport, SASL_POSTED_OUTCOME)
            },
            process_mechanisms: { _, _ in false },
            process_challenge: { _, _ in },
            process_outcome: { _, _ in },
            can_encrypt: { _ in false },
            max_encrypt_size: { _ in 0 },
            encode: { _, _, _ in 0 },
            decode: { _, _, _ in 0 }))
        return pointer
    }()

    /// Installs the plugin on a server transport; `checker` must outlive it.
    static func install(on transport: OpaquePointer, checker: Checker) {
        _ = pn_sasl(transport)
        pnx_sasl_set_implementation(transport, implementation, Unmanaged.passUnretained(checker).toOpaque())
    }

    /// RFC 4616: `[authzid] NUL authcid NUL passwd`.
    static func plain(_ bytes: pn_bytes_t) -> (String, String)? {
        guard let start = bytes.start else { return nil }
        let data = Data(bytes: start, count: bytes.size)
        let parts = data.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        return (String(decoding: parts[1], as: UTF8.self), String(decoding: parts[2], as: UTF8.self))
    }
}
