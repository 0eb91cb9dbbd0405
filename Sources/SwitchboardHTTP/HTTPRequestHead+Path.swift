extension HTTPRequestHead {
    /// The path's segments, percent-decoded, for mapping a request onto files: nil when the
    /// target is not origin-form ("/..."), has a malformed escape, or a segment that is "..",
    /// contains "/" or NUL once decoded, or is not UTF-8. Empty segments and "." are dropped.
    public var safePathComponents: [String]? {
        let utf8 = Array(path.utf8)
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        var components: [String] = []
        for segment in utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            guard let decoded = Self.percentDecoded(segment) else { return nil }
            if decoded == [UInt8(ascii: ".")] { continue }
            if decoded == [UInt8(ascii: "."), UInt8(ascii: ".")] { return nil }
            if decoded.contains(0) || decoded.contains(UInt8(ascii: "/")) || decoded.contains(UInt8(ascii: "\\")) { return nil }
            guard let component = String(validating: decoded, as: UTF8.self) else { return nil }
            components.append(component)
        }
        return components
    }

    static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
