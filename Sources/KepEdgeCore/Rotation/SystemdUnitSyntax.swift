/// systemd's rules for the words kepedge writes into unit files.
public enum SystemdUnitSyntax {
    /// One `ExecStart=` word that systemd hands the program as exactly `argument`: double quotes, C escapes for `\`, `"`
    /// and control characters, `%%` for `%` (specifiers are expanded first, systemd.unit(5) "Specifiers") and `$$` for `$`
    /// (environment variables are expanded next, systemd.service(5) "Command lines"). IoT Hub device ids may hold both.
    public static func execWord(_ argument: String) -> String {
        var word = "\""
        for scalar in argument.unicodeScalars {
            switch scalar {
            case "\\": word += "\\\\"
            case "\"": word += "\\\""
            case "%": word += "%%"
            case "$": word += "$$"
            case "\n": word += "\\n"
            case "\t": word += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    word += "\\x" + hex(UInt8(scalar.value))
                } else {
                    word.unicodeScalars.append(scalar)
                }
            }
        }
        return word + "\""
    }

    /// A command line of `execWord`s.
    public static func execLine(_ arguments: [String]) -> String {
        arguments.map(execWord).joined(separator: " ")
    }

    /// The instance name `systemd-escape` makes of `text` (systemd.unit(5) "String Escaping for Inclusion in Unit
    /// Names"): ASCII letters, digits, `:`, `_` and a non-leading `.` stay, `/` becomes `-`, every other byte `\xNN`.
    public static func instanceName(_ text: String) -> String {
        var name = ""
        for (index, byte) in text.utf8.enumerated() {
            let character = Character(Unicode.Scalar(byte))
            if byte == UInt8(ascii: "/") {
                name += "-"
            } else if byte < 0x80 && (character.isLetter || character.isNumber || character == ":" || character == "_"
                                      || (character == "." && index > 0)) {
                name.append(character)
            } else {
                name += "\\x" + hex(byte)
            }
        }
        return name
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
