/// One mapping line of a hosts file: `192.168.1.20  gw01.plant.local gw01  # gateway`.
public struct HostsFileEntry: Equatable, Codable, Sendable {
    public var address: String
    /// The canonical name followed by its aliases.
    public var names: [String]
    /// 1-based line number in the file.
    public var lineNumber: Int

    public init(address: String, names: [String], lineNumber: Int) {
        self.address = address
        self.names = names
        self.lineNumber = lineNumber
    }
}

/// The mapping lines of a hosts file (`/etc/hosts`, or Windows' `drivers\etc\hosts`).
public struct HostsFile: Equatable, Sendable {
    public var entries: [HostsFileEntry]

    public init(entries: [HostsFileEntry]) {
        self.entries = entries
    }

    /// Parses hosts-file text: `#` starts a comment anywhere on a line, fields are separated by
    /// spaces or tabs, the first field is the address and the rest are names. Lines without a name
    /// are ignored, as the resolver ignores them.
    public init(parsing text: String) {
        var entries: [HostsFileEntry] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard fields.count >= 2 else { continue }
            entries.append(HostsFileEntry(
                address: String(fields[0]),
                names: fields.dropFirst().map(String.init),
                lineNumber: index + 1))
        }
        self.entries = entries
    }

    /// The entries that map `name` (host names are case-insensitive), in file order.
    public func entries(for name: String) -> [HostsFileEntry] {
        let wanted = name.lowercased()
        return entries.filter { entry in entry.names.contains { $0.lowercased() == wanted } }
    }
}
