import Yams

/// Reads typed values out of a Yams node tree, collecting a ``ConfigProblem`` for everything wrong
/// instead of stopping at the first, and recording where each value sits in a ``SourceMap``.
struct YAMLReader {
    let file: String
    private(set) var problems: [ConfigProblem] = []
    private(set) var sourceMap = SourceMap()

    init(file: String) {
        self.file = file
    }

    /// The keys of one mapping, after unknown keys were reported.
    struct Fields {
        let path: String
        let node: Node
        var entries: [String: (key: Node, value: Node)]
        var order: [String]
    }

    // MARK: Problems

    mutating func report(_ kind: ConfigProblem.Kind, at node: Node?, path: String, _ message: String) {
        let mark = node?.mark
        problems.append(ConfigProblem(kind: kind, file: file, line: mark?.line, column: mark?.column, path: path, message: message))
    }

    mutating func report(_ problem: ConfigProblem) {
        problems.append(problem)
    }

    mutating func recordElementIndices(_ indices: [Int], of path: String) {
        sourceMap.elementIndices[path] = indices
    }

    mutating func recordRosterPath(_ path: String) {
        sourceMap.rosterPath = path
    }

    private mutating func record(_ node: Node, at path: String) {
        if let mark = node.mark {
            sourceMap[path] = SourceLocation(line: mark.line, column: mark.column)
        }
    }

    // MARK: Structure

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// A null node (`~`, `null` or nothing after the colon) counts as absent.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// `node` as a mapping whose keys must come from `allowed`; reports unknown keys with a suggestion.
    mutating func fields(_ node: Node, path: String, allowed: [String]) -> Fields? {
        guard let mapping = mapping(node, path: path) else { return nil }
        var fields = Fields(path: path, node: node, entries: [:], order: [])
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(.wrongType, at: keyNode, path: path, "keys must be plain text, got \(Self.describe(keyNode))")
                continue
            }
            guard allowed.contains(key) else {
                let hint = Suggestion.closest(to: key, in: allowed).map { " (did you mean \"\($0)\"?)" }
                    ?? " (expected one of \(allowed.joined(separator: ", ")))"
                report(.unknownKey, at: keyNode, path: Self.join(path, key), "unknown key \"\(key)\"\(hint)")
                continue
            }
            fields.entries[key] = (keyNode, valueNode)
            fields.order.append(key)
            record(valueNode, at: Self.join(path, key))
        }
        return fields
    }

    /// `node` as a mapping with arbitrary text keys (skill maps, capacity maps), in file order.
    mutating func entries(_ node: Node, path: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping = mapping(node, path: path) else { return nil }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.scalar?.string, !Self.isNull(keyNode) else {
                report(.wrongType, at: keyNode, path: path, "keys must be plain text, got \(Self.describe(keyNode))")
                continue
            }
            result.append((key, keyNode, valueNode))
            record(valueNode, at: Self.join(path, key))
        }
        return result
    }

    private mutating func mapping(_ node: Node, path: String) -> Node.Mapping? {
        guard case .mapping(let mapping) = node else {
            report(.wrongType, at: node, path: path, "expected a mapping (key: value lines), got \(Self.describe(node))")
            return nil
        }
        return mapping
    }

    /// `node` as a list; each element's location is recorded under `path[i]`.
    mutating func sequence(_ node: Node, path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.wrongType, at: node, path: path, "expected a list, got \(Self.describe(node))")
            return nil
        }
        let nodes = Array(sequence)
        for (index, element) in nodes.enumerated() {
            record(element, at: "\(path)[\(index)]")
        }
        return nodes
    }

    /// The value under `key`, or `nil` when absent or null (reported when `required`).
    mutating func value(_ fields: Fields, _ key: String, required: Bool = false) -> Node? {
        if let entry = fields.entries[key], !Self.isNull(entry.value) {
            return entry.value
        }
        if required {
            let at = fields.entries[key]?.value ?? fields.node
            report(.missingKey, at: at, path: Self.join(fields.path, key), "missing required key \"\(key)\"")
        }
        return nil
    }

    // MARK: Scalars

    mutating func string(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            report(.wrongType, at: node, path: path, "expected text, got \(Self.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// A non-empty name made of letters, digits, `_`, `-` and `.` (ids, skill and queue names).
    mutating func identifier(_ node: Node, path: String, what: String) -> String? {
        guard let text = string(node, path: path) else { return nil }
        guard Self.isIdentifier(text) else {
            report(.invalidValue, at: node, path: path,
                   "invalid \(what) \"\(text)\" (use 1–64 letters, digits, '_', '-' or '.', starting with a letter or digit)")
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
        func isAlnum(_ s: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
        }
        return isAlnum(first) && text.unicodeScalars.allSatisfy { isAlnum($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }

    mutating func int(_ node: Node, path: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, !Self.isNull(node) else {
            report(.wrongType, at: node, path: path, "expected a whole number, got \(Self.describe(node))")
            return nil
        }
        guard let value = Int(scalar.string.replacingUnderscores) else {
            report(.wrongType, at: node, path: path, "expected a whole number, got \(Self.describe(node))")
            return nil
        }
        guard range.contains(value) else {
            report(.outOfRange, at: node, path: path, "\(value) is out of range (expected \(range.lowerBound) to \(range.upperBound))")
            return nil
        }
        return value
    }

    /// A finite number with `minimum` (inclusive unless `exclusiveMinimum`) and an optional inclusive `maximum`.
    mutating func double(_ node: Node, path: String, minimum: Double = 0, exclusiveMinimum: Bool = false, maximum: Double? = nil) -> Double? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, !Self.isNull(node),
              let value = Double(scalar.string.replacingUnderscores), value.isFinite
        else {
            report(.wrongType, at: node, path: path, "expected a number, got \(Self.describe(node))")
            return nil
        }
        let text = scalar.string
        if exclusiveMinimum ? value <= minimum : value < minimum {
            let bound = exclusiveMinimum ? "greater than" : "at least"
            report(.outOfRange, at: node, path: path, "\(text) is out of range (must be \(bound) \(Self.format(minimum)))")
            return nil
        }
        if let maximum, value > maximum {
            report(.outOfRange, at: node, path: path, "\(text) is out of range (must be at most \(Self.format(maximum)))")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, path: String) -> Bool? {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        report(.wrongType, at: node, path: path, "expected true or false, got \(Self.describe(node))")
        return nil
    }

    /// One of an enumeration's raw values; `what` names it in the message ("unknown strategy …").
    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: Node, path: String, what: String) -> E?
    where E.RawValue == String {
        guard let text = string(node, path: path) else { return nil }
        if let value = E(rawValue: text) { return value }
        let expected = E.allCases.map(\.rawValue)
        report(.invalidValue, at: node, path: path,
               "unknown \(what) \"\(text)\" (expected one of \(expected.joined(separator: ", ")))")
        return nil
    }

    // MARK: Descriptions

    /// How a node is named in "expected X, got Y".
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing (null)" }
            if scalar.style != .plain { return "text \"\(scalar.string)\"" }
            if Int(scalar.string) != nil || Double(scalar.string) != nil { return "number \(scalar.string)" }
            if ["true", "false", "yes", "no", "on", "off"].contains(scalar.string.lowercased()) { return scalar.string }
            return "text \"\(scalar.string)\""
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension String {
    /// YAML 1.1 allows `_` as a digit separator (`10_000`).
    fileprivate var replacingUnderscores: String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}
