/// Substring search on UTF-8 bytes, for text every monitored line goes through. Foundation's `contains` on
/// `String` goes through NSString (`CFStringFind`) for each call: classifying one edgeHub line against its
/// thirty-odd needles that way cost more than decoding a Kepware message.
enum UTF8Search {
    /// Whether `needle`'s bytes occur in `text`'s (an empty needle never does, as with Foundation's `contains`).
    static func contains(_ text: String, _ needle: String) -> Bool {
        firstOffset(of: needle, in: text, from: 0) != nil
    }

    /// The byte offset of the first occurrence of `needle` in `text` at or after `start`.
    static func firstOffset(of needle: String, in text: String, from start: Int) -> Int? {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { wanted in
                guard let first = wanted.first else { return nil }
                guard haystack.count >= wanted.count else { return nil }
                var offset = start
                let last = haystack.count - wanted.count
                while offset <= last {
                    if haystack[offset] == first {
                        var index = 1
                        while index < wanted.count, haystack[offset + index] == wanted[index] { index += 1 }
                        if index == wanted.count { return offset }
                    }
                    offset += 1
                }
                return nil
            }
        }
    }
}
