import Foundation

/// libFuzzer's entry point. Each target file defines `fuzz(_:)`; a property it checks fails with
/// `fuzzFailure`, which traps so libFuzzer saves the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    fuzz(Data(bytes: start, count: count))
    return 0
}

/// The input as text the way kepedge reads a file or a flag: UTF-8, invalid bytes replaced.
func text(_ data: Data) -> String {
    String(decoding: data, as: UTF8.self)
}

/// A broken property: trap with a line saying which, so the crash file has a reason beside it.
func fuzzFailure(_ what: String, file: StaticString = #file, line: UInt = #line) -> Never {
    fatalError("fuzz property broken: \(what)", file: file, line: line)
}

/// What a terminal would act on: C0 controls (except none: a printed line has no tab or newline either), DEL, C1.
func hasTerminalControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
}
