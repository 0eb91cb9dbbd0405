/// Writes compact JSON straight into a byte buffer.
///
/// Server messages are written field by field without building a `JSONValue` tree first: an offer or
/// an interaction event is formed on the hot path of every routing decision.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// Whether the next member or element needs a leading comma, one flag per open container.
    private var needsComma: [Bool] = []
    private var pendingValueAfterKey = false

    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The document as a `String` (the bytes are valid UTF-8 by construction).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    /// Writes a member name; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        // The value that follows belongs to this member and must not get a comma of its own.
        pendingValueAfterKey = true
    }

    // MARK: Scalars

    public mutating func value(_ string: String) {
        separate()
        writeString(string)
    }

    public mutating func value(_ int: Int) {
        separate()
        bytes.append(contentsOf: String(int).utf8)
    }

    public mutating func value(_ double: Double) {
        separate()
        if double.isFinite {
            if double == double.rounded(), abs(double) < 1e15 {
                bytes.append(contentsOf: String(Int(double)).utf8)
            } else {
                bytes.append(contentsOf: String(double).utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    public mutating func value(_ bool: Bool) {
        separate()
        bytes.append(contentsOf: (bool ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes an arbitrary parsed value (used for free-form interaction attributes).
    public mutating func value(_ json: JSONValue) {
        switch json {
        case .null: null()
        case .bool(let b): value(b)
        case .number(let n): value(n)
        case .string(let s): value(s)
        case .array(let elements):
            beginArray()
            for element in elements { value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                key(member.key)
                value(member.value)
            }
            endObject()
        }
    }

    // MARK: Convenience members

    public mutating func member(_ name: String, _ string: String) { key(name); value(string) }
    public mutating func member(_ name: String, _ int: Int) { key(name); value(int) }
    public mutating func member(_ name: String, _ double: Double) { key(name); value(double) }
    public mutating func member(_ name: String, _ bool: Bool) { key(name); value(bool) }
    public mutating func member(_ name: String, _ json: JSONValue) { key(name); value(json) }

    /// Writes the member only when the value is present: optional fields are omitted, not `null`.
    public mutating func member(_ name: String, ifPresent string: String?) {
        if let string { member(name, string) }
    }

    public mutating func member(_ name: String, ifPresent int: Int?) {
        if let int { member(name, int) }
    }

    /// Writes the member always, `null` when the value is absent: for objects whose shape clients
    /// rely on (`interaction.customer`, `alert`).
    public mutating func member(_ name: String, orNull string: String?) {
        key(name)
        if let string { value(string) } else { null() }
    }

    public mutating func member(_ name: String, orNull int: Int?) {
        key(name)
        if let int { value(int) } else { null() }
    }

    // MARK: Internals

    private mutating func separate() {
        if pendingValueAfterKey {
            pendingValueAfterKey = false
            return
        }
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] {
            bytes.append(UInt8(ascii: ","))
        } else {
            needsComma[needsComma.count - 1] = true
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
