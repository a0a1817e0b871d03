import Foundation
@testable import KepEdgeCore
import Testing

/// `StandardTemplateScanner` must give exactly what the `JSONDecoder` reading gives, or leave the message to it.
@Suite struct StandardTemplateScannerTests {
    /// The scanner's answer when it has one, and that it equals the decoder's; true when the scanner read it.
    @discardableResult
    private func expectSameReading(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        expectSameReading(Data(text.utf8), sourceLocation: sourceLocation)
    }

    @discardableResult
    private func expectSameReading(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let reference = KepwarePayload.decodeWithJSONDecoder(data)
        #expect(KepwarePayload.decode(data) == reference, "\(String(decoding: data, as: UTF8.self))", sourceLocation: sourceLocation)
        guard let scanned = StandardTemplateScanner.scan(data) else { return false }
        #expect(scanned == reference, "\(String(decoding: data, as: UTF8.self))", sourceLocation: sourceLocation)
        return true
    }

    @Test func kepwareExamplesAreReadByTheScanner() {
        let examples = [
            // kepware.md §2, the payload captured in IoT Hub.
            #"{"timestamp":1535488325249,"values":[{"id":"Channel1.Device1.Tag1","v":6978,"q":true,"t":1535488314859},{"id":"Channel1.Device1.Tag1","v":6980,"q":true,"t":1535488315827}]}"#,
            // The advanced template's default rendering (kepware.md §2): line breaks and spaces.
            "{\r\n \"timestamp\": 1535488325249,\r\n  \"values\": [\r\n   \r\n    {\"id\": \"Channel1.Device1.Tag1\", \"v\": 21.5, \"q\": true, \"t\": 1535488314859 } ,\r\n   \r\n    {\"id\": \"Channel1.Device1.Tag2\", \"v\": \"running\", \"q\": false, \"t\": 1535488314860 } \r\n   \r\n  ]\r\n}",
            // KepwarePayloadTests.
            #"{"timestamp":1535488325249,"values":[{"id":"Channel1.Device1.Tag1","v":6978,"q":true,"t":1535488314859},{"id":"Channel1.Device1.Tag1","v":6980,"q":true,"t":1535488315827},{"id":"Channel1.Device1.Tag2","v":"running","q":false,"t":1535488315900},{"id":"Channel1.Device1.Tag3","v":21.5,"q":true,"t":1535488315901}]}"#,
            #"{"timestamp":1e308,"values":[{"id":"a","v":123456789012345678901234567890,"q":"yes","t":-5},{"id":"b","v":[1,{"x":null}],"q":true}]}"#,
        ]
        for example in examples {
            #expect(expectSameReading(example), "the scanner must read Kepware's own shape")
        }
        guard case .standard(let timestamp, let rows)? = StandardTemplateScanner.scan(Data(examples[0].utf8)) else {
            Issue.record("the standard template must be recognised")
            return
        }
        #expect(timestamp == Date(timeIntervalSince1970: 1_535_488_325.249))
        #expect(rows.map(\.value) == ["6978", "6980"])
        #expect(rows.map(\.quality) == [.good, .good])
    }

    @Test func existingPayloadInputsReadTheSame() {
        for text in [#"{"temperature": 21}"#, "hello", "", #"{"values":[{"v":1}]}"#, "line1\nline2\u{7}", String(repeating: "x", count: 5_000),
                     #"{"timestamp":1e308,"values":[{"id":"a","v":123456789012345678901234567890,"q":"yes","t":-5},{"id":"b","v":[1,{"x":null}],"q":true},{"id":"c","v":1e400,"q":true,"t":99999999999999999999}]}"#] {
            expectSameReading(text)
        }
        expectSameReading(Data([0x00, 0xFF, 0x10, 0x80] + Array(repeating: 0x01, count: 40)))
        expectSameReading(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
        expectSameReading(#"{"values":[{"id":"a","v":"# + String(repeating: "{\"a\":", count: 2_000) + "1" + String(repeating: "}", count: 2_000) + "}]}")
    }

    @Test func valuesRenderAsTheDecoderRendersThem() {
        let values = ["1.0", "-0", "-0.0", "0", "1.5", "21.50", "1e2", "1E+2", "-2.5e-3", "9.99e14", "1e-7", "0e10", "3e0", "0.1",
                      "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
                      "999999999999999", "1000000000000000.5", "123456789.000000001", "6.02214076e-23",
                      "true", "false", "null", #""""#, #""running""#, #""\u00e4\u00C4""#, #""\ud83d\ude00""#, #""a\"b\\c\/d""#,
                      #""\b\f\n\r\t""#, #""\u0000""#, #""ü€😀""#, "\"" + String(repeating: "y", count: 130) + "\"", #""line\u2028sep""#,
                      "[]", "{}", #"[1,2.5,"x",null,true]"#, #"{"b":1,"a":[{"c":"d/e"}]}"#, #"[1.0,1e16,-0.0]"#]
        var read = 0
        for value in values {
            if expectSameReading(#"{"timestamp":1535488325249,"values":[{"id":"Tag","v":\#(value),"q":true,"t":1535488314859}]}"#) { read += 1 }
        }
        #expect(read == values.count, "every one of these is read by the scanner, not left to the decoder")
    }

    @Test func oddShapesReadTheSameOrAreLeftToTheDecoder() {
        let messages = [
            // Keys in any order, whitespace everywhere, missing or odd q, t and timestamp.
            #" { "values" : [ { "t" : 1535488314859 , "q" : false , "v" : 1 , "id" : "a" } ] , "timestamp" : 1535488325249 } "#,
            #"{"values":[{"id":"a"}]}"#, #"{"values":[{"id":"a","v":null,"q":null,"t":null}],"timestamp":null}"#,
            #"{"values":[{"id":"a","q":1,"t":"1535488314859"}],"timestamp":true}"#, #"{"values":[{"id":"a","q":"true","t":false}]}"#,
            #"{"values":[{"id":"a","q":[],"t":{}}]}"#, #"{"timestamp":[1],"values":[]}"#,
            #"{"values":[{"id":"a","t":-1}],"timestamp":253402300800000}"#, #"{"values":[{"id":"a","t":253402300799999.9}]}"#,
            #"{"values":[{"id":"a","t":1e400}],"timestamp":-1e400}"#, #"{"values":[{"id":"a","t":1e-400,"v":1e-400}]}"#,
            #"{"values":[{"id":"a","v":5e-324}]}"#, #"{"values":[{"id":"a","v":1e15}]}"#, #"{"values":[{"id":"a","v":1e16}]}"#,
            #"{"values":[{"id":"a","v":1.7976931348623157e308}]}"#, #"{"values":[{"id":"a","v":-2.5e20}]}"#,
            #"{"values":[{"id":"a","v":6.02214076e23}]}"#, #"{"values":[{"id":"a","v":2.2250738585072014e-308}]}"#,
            // Empty values, extra and repeated keys, wrong types.
            #"{"timestamp":1535488325249,"values":[]}"#, #"{"values":[ ]}"#, #"{}"#, #"{"timestamp":1}"#, #"[]"#, "null", "1",
            #"{"values":[],"extra":1}"#, #"{"values":[{"id":"a","unit":"C"}]}"#, #"{"values":[],"values":[{"id":"a"}]}"#,
            #"{"values":[{"id":"a","id":"b"}]}"#, #"{"values":[{"id":"a","q":true,"q":false}]}"#, #"{"values":[{"id":1}]}"#,
            #"{"values":[{"id":null}]}"#, #"{"values":{}}"#, #"{"values":null}"#, #"{"values":[1]}"#, #"{"values":[{}]}"#,
            #"{"\u0076alues":[]}"#, #"{"Values":[]}"#,
            // Escapes: surrogate pairs, lone surrogates, bad escapes, raw control characters, invalid UTF-8.
            #"{"values":[{"id":"\uD83D\uDE00","v":"\ud83c\udfed"}]}"#, #"{"values":[{"id":"\ud800"}]}"#, #"{"values":[{"id":"\udc00x"}]}"#,
            #"{"values":[{"id":"\ud800\u0041"}]}"#, #"{"values":[{"id":"\x"}]}"#, #"{"values":[{"id":"\u12"}]}"#, #"{"values":[{"id":"\u00zz"}]}"#,
            "{\"values\":[{\"id\":\"tab\there\"}]}", "{\"values\":[{\"id\":\"nul\u{0}\"}]}",
            // Invalid JSON: numbers, literals, trailing content and commas.
            #"{"values":[{"id":"a","v":01}]}"#, #"{"values":[{"id":"a","v":1.}]}"#, #"{"values":[{"id":"a","v":.5}]}"#,
            #"{"values":[{"id":"a","v":-}]}"#, #"{"values":[{"id":"a","v":1e}]}"#, #"{"values":[{"id":"a","v":+1}]}"#,
            #"{"values":[{"id":"a","v":tru}]}"#, #"{"values":[{"id":"a","v":NaN}]}"#, #"{"values":[{"id":"a","v":[1,}]}"#,
            #"{"values":[{"id":"a","v":[1]]}]}"#, #"{"values":[{"id":"a","v":{"x":"]"}}]}"#, #"{"values":[{"id":"a","v":["\"]"]}]}"#,
            #"{"values":[],}"#, #"{"values":[{"id":"a"},]}"#, #"{"values":[]} x"#, #"{"values":[]}{}"#, #"{"values":[]"#,
            "\u{FEFF}{\"values\":[]}", "{\"values\":[]}\u{0}",
        ]
        for message in messages {
            expectSameReading(message)
        }
        expectSameReading(Data([0x7B, 0x22, 0x76, 0x61, 0x6C, 0x75, 0x65, 0x73, 0x22, 0x3A, 0x5B, 0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D, 0x5D, 0x7D]))
        // UTF-16, which JSONDecoder detects.
        expectSameReading(Data(#"{"values":[]}"#.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        // Every cut of a whole message.
        let whole = #"{"timestamp":1535488325249,"values":[{"id":"Channel1.Device1.T\u00e4g","v":-21.5e1,"q":true,"t":1535488314859},{"id":"b","v":[1,{"x":"]"}],"q":false}]}"#
        for length in 0...whole.utf8.count {
            expectSameReading(Data(whole.utf8.prefix(length)))
        }
    }

    @Test func generatedMessagesReadTheSame() {
        var samples = StandardTemplateSamples(seed: 20_261_127)
        var mutations = SplitMix64(seed: 8)
        var read = 0
        let count = 400
        for _ in 0..<count {
            let data = Data(samples.message().utf8)
            if expectSameReading(data) { read += 1 }
            expectSameReading(data.prefix(Int(mutations.next() % UInt64(data.count + 1))))
            var bytes = Array(data)
            bytes[Int(mutations.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: mutations.next())
            expectSameReading(Data(bytes))
        }
        // The generator mixes in what the scanner leaves to the decoder; most messages must still be its own.
        #expect(read * 10 >= count * 4, "the scanner read \(read) of \(count) generated messages")
    }
}
