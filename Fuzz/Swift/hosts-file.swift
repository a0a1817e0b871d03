import Foundation
@testable import KepEdgeCore

/// /etc/hosts (and the Windows hosts file) as step 2 reads it. Properties: never traps; every entry found
/// for a name lists that name.
func fuzz(_ data: Data) {
    let hosts = HostsFile(parsing: text(data))
    for entry in hosts.entries.prefix(8) {
        for name in entry.names.prefix(4) where !hosts.entries(for: name).contains(where: { $0.names.contains { $0.caseInsensitiveCompare(name) == .orderedSame } }) {
            fuzzFailure("entries(for: \(name)) misses the line that names it")
        }
    }
}
