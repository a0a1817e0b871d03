@testable import KepEdgeCore
import Testing

/// The key check that runs before toml++: it must stop the inputs toml++ aborts on, and refuse nothing TOML allows.
struct TOMLKeySyntaxTests {
    /// Valid TOML whose lines start with `[`, quotes or odd characters without being table headers.
    static let valid: [String] = [
        "hostname = \"gw01.plant.local\"\n[provisioning]\nsource = \"manual\"\n",
        "\u{FEFF}hostname = \"bom\"\r\n[edge_ca]\r\ncert = 'file:///c.pem' # comment\r\n",
        "matrix = [\n  [1, 2],\n  [{ a = 1 }],\n  [ \"x\" ]\n]\n[next]\n",
        "text = \"\"\"\n[: not a header\n= nor a key \\\n  \"\"\"\nliteral = '''\n[{ ]\n'''\n",
        "\"quoted.key\" = 1\n'literal key' = 2\na . b . \"c d\" = 3\n1234 = 4\n",
        "[ \"quoted\" . bare ]  # a header with spaces and a comment\n[[agent.env]]\nname = \"x\"\n",
        "# only a comment\n\n",
        "a = { b = [1, { c = \"]\" }], d = '}' }\n[e]\n",
        "d1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27 07:32:00.999999-07:00\nd3 = 1979-05-27\nt = 07:32:00\nn = [0x_ff, 1e6, -3.5, +inf, 1_000]\n",
    ]

    @Test("valid TOML passes, including lines that start with [ inside arrays and strings, a BOM and CRLF", arguments: valid)
    func validPasses(_ text: String) {
        #expect(TOMLKeySyntax.firstProblem(in: text) == nil)
    }

    /// Found by the edge-config fuzz target: toml++ aborted kepedge on it (an assertion in parse_key).
    @Test("the fuzzer's input that aborted toml++ is refused with its line and what is wrong")
    func fuzzerFinding() {
        #expect(TOMLKeySyntax.firstProblem(in: "[: &x [") == .init(line: 1, message: "a table header needs a key: letters, digits, _ or -, or a quoted key"))
        #expect(TOMLKeySyntax.firstProblem(in: "hostname = \"h\"\n\n[provisioning]\n[.x]\n")?.line == 4)
        // The second: a date whose time is not digits made toml++ assert in parse_time().
        let date = TOMLKeySyntax.firstProblem(in: "[[a]]\nb = 1979-05-27T\u{FFFD}\u{FFFD}")
        #expect(date?.line == 2)
        #expect(date?.message.hasSuffix("is not a date or time: write 1979-05-27, 07:32:00 or 1979-05-27T07:32:00Z") == true)
        #expect(TOMLKeySyntax.firstProblem(in: "x = [1979-05-27Tab]")?.line == 1)
        // The third: a } closing an array made toml++ assert in parse_value().
        #expect(TOMLKeySyntax.firstProblem(in: "tr = [[0,\n\n\n} [") == .init(line: 4, message: "} closes a [ array that is still open"))
        #expect(TOMLKeySyntax.firstProblem(in: "t = { a = 1 ]") == .init(line: 1, message: "] closes a { inline table that is still open"))
    }

    @Test("malformed keys are refused with their line", arguments: [
        ("[a.]", 1), ("[a] x", 1), ("x = 1\na. = 1", 2), ("= 1", 1), ("[[a]", 1), ("\"open = 1", 1), ("t = \"\"\"\n\n\"\"\"\n[:]", 4),
    ])
    func malformed(_ text: String, line: Int) {
        #expect(TOMLKeySyntax.firstProblem(in: text)?.line == line, "\(text)")
    }
}
