/// Reads typed fields out of a JSON object, naming the full path of any field that is missing or
/// ill-typed (`interaction.skills.billing: expected an integer from 1 to 10, got 12`).
struct FieldReader {
    let object: JSONValue
    /// Path of this object inside the message, empty for the top level.
    let path: String

    init(_ object: JSONValue, path: String = "") {
        self.object = object
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func missing(_ key: String, expected: String) -> ProtocolError {
        .badRequest("missing field \(fieldPath(key)) (expected \(expected))")
    }

    func illTyped(_ key: String, expected: String, got value: JSONValue) -> ProtocolError {
        .badRequest("field \(fieldPath(key)): expected \(expected), got \(describe(value))")
    }

    func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "\"\(s.excerpt())\""
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): return String(b)
        default: return value.typeName
        }
    }

    // MARK: Strings

    func string(_ key: String, maxLength: Int = MessageLimits.identifierBytes) throws(ProtocolError) -> String {
        guard let value = object[key] else { throw missing(key, expected: "a string") }
        return try checkedString(key, value, maxLength: maxLength)
    }

    func optionalString(_ key: String, maxLength: Int = MessageLimits.identifierBytes) throws(ProtocolError) -> String? {
        guard let value = object[key], value != .null else { return nil }
        return try checkedString(key, value, maxLength: maxLength)
    }

    /// A non-empty string of at most `maxLength` bytes without control characters: identifiers and
    /// free text alike are stored, logged and sent on.
    private func checkedString(_ key: String, _ value: JSONValue, maxLength: Int) throws(ProtocolError) -> String {
        guard case .string(let string) = value else { throw illTyped(key, expected: "a string", got: value) }
        guard !string.isEmpty else { throw .badRequest("field \(fieldPath(key)): must not be empty") }
        try checkText(string, field: fieldPath(key), maxLength: maxLength)
        return string
    }

    /// Refuses text longer than `maxLength` bytes or holding control characters, naming `field`.
    func checkText(_ text: String, field: String, maxLength: Int) throws(ProtocolError) {
        guard text.utf8.count <= maxLength else { throw .badRequest("field \(field): longer than \(maxLength) bytes") }
        guard !text.containsControlCharacters else { throw .badRequest("field \(field): control characters are not allowed") }
    }

    /// Refuses a member name of an object of names (skills, capacity, attributes) without quoting it:
    /// it is checked before anything echoes it in a later error.
    func checkKey(_ name: String, of key: String, maxLength: Int = MessageLimits.identifierBytes) throws(ProtocolError) {
        guard name.utf8.count <= maxLength else {
            throw .badRequest("field \(fieldPath(key)): a key is longer than \(maxLength) bytes")
        }
        guard !name.containsControlCharacters else {
            throw .badRequest("field \(fieldPath(key)): control characters are not allowed in keys")
        }
    }

    /// A string that must be one of a closed set of values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) throws(ProtocolError) -> T
    where T.RawValue == String {
        let expected = "one of " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let value = object[key] else { throw missing(key, expected: expected) }
        guard case .string(let raw) = value, let choice = T(rawValue: raw) else {
            throw illTyped(key, expected: expected, got: value)
        }
        return choice
    }

    func optionalChoice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) throws(ProtocolError) -> T?
    where T.RawValue == String {
        guard let value = object[key], value != .null else { return nil }
        return try choice(key, as: type)
    }

    // MARK: Numbers

    func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> Int? {
        guard let value = object[key], value != .null else { return nil }
        return try checkedInt(key, value, in: range)
    }

    func checkedInt(_ key: String, _ value: JSONValue, in range: ClosedRange<Int>) throws(ProtocolError) -> Int {
        let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
        // `Int(exactly:)`: a double at the edge of Int's range (2^63 compares equal to Double(Int.max)) is refused, not trapped on.
        guard case .number(let number) = value, let integer = Int(exactly: number), range.contains(integer)
        else { throw illTyped(key, expected: expected, got: value) }
        return integer
    }

    // MARK: Containers

    func optionalObject(_ key: String) throws(ProtocolError) -> FieldReader? {
        guard let value = object[key], value != .null else { return nil }
        guard case .object = value else { throw illTyped(key, expected: "an object", got: value) }
        return FieldReader(value, path: fieldPath(key))
    }

    func object(_ key: String) throws(ProtocolError) -> FieldReader {
        guard let value = object[key] else { throw missing(key, expected: "an object") }
        guard case .object = value else { throw illTyped(key, expected: "an object", got: value) }
        return FieldReader(value, path: fieldPath(key))
    }

    /// An object whose members all map a name to an integer in `range` (skills, capacities).
    func optionalIntMap(_ key: String, in range: ClosedRange<Int>, maxCount: Int = 64) throws(ProtocolError) -> [String: Int]? {
        guard let reader = try optionalObject(key) else { return nil }
        guard case .object(let members) = reader.object else { return nil }
        guard members.count <= maxCount else {
            throw .badRequest("field \(fieldPath(key)): more than \(maxCount) entries")
        }
        var map: [String: Int] = [:]
        for member in members {
            try checkKey(member.key, of: key)
            map[member.key] = try reader.checkedInt(member.key, member.value, in: range)
        }
        return map
    }

    func stringArray(_ key: String, maxCount: Int = 16, maxLength: Int = MessageLimits.identifierBytes) throws(ProtocolError) -> [String] {
        guard let value = object[key] else { throw missing(key, expected: "an array of strings") }
        guard case .array(let elements) = value else { throw illTyped(key, expected: "an array of strings", got: value) }
        guard elements.count <= maxCount else { throw .badRequest("field \(fieldPath(key)): more than \(maxCount) entries") }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let string) = element else {
                throw illTyped("\(key)[\(index)]", expected: "a string", got: element)
            }
            try checkText(string, field: fieldPath("\(key)[\(index)]"), maxLength: maxLength)
            strings.append(string)
        }
        return strings
    }
}
