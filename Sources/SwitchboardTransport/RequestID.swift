/// The id of one HTTP request handed to the application: the client's `X-Request-Id` when it is a
/// sane short token (so a caller can correlate its own logs), otherwise a fresh random one.
/// Returned in the response's `X-Request-Id` and logged as `"sb.request.id"`.
public enum RequestID {
    /// Longest client-chosen id kept.
    public static let maxLength = 64

    /// `header` when it is 1…64 characters of letters, digits and `-._~:/+=@`; otherwise a new id.
    public static func accept(_ header: String?) -> String {
        if let header, isSane(header) { return header }
        return make()
    }

    /// Whether `text` may be used as a request id as sent.
    public static func isSane(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"),
                 UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "@"): true
            default: false
            }
        }
    }

    /// A new id: 16 random hexadecimal digits.
    public static func make() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
