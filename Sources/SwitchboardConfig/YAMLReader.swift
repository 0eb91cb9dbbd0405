import CYaml
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

    /// A finite number within `range`; out of range, the message names both bounds, like ``int(_:path:range:)``.
    mutating func double(_ node: Node, path: String, range: ClosedRange<Double>) -> Double? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, !Self.isNull(node),
              let value = Double(scalar.string.replacingUnderscores), value.isFinite
        else {
            report(.wrongType, at: node, path: path, "expected a number, got \(Self.describe(node))")
            return nil
        }
        guard range.contains(value) else {
            report(.outOfRange, at: node, path: path,
                   "\(scalar.string) is out of range (expected \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)))")
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

// MARK: Aliases

extension YAMLReader {
    /// The most nodes that aliases may add to a document once expanded. Ten times what a 10,000-agent
    /// floor needs when every agent aliases a shared skills map and a shared capacity map, and small
    /// enough that reading the expanded tree stays well under a second.
    static let maxAliasExpansion = 1_000_000

    /// Checks the document's anchors and aliases before it is composed into a node tree, and returns
    /// the first problem, located at the offending alias.
    ///
    /// Composing resolves every alias into a copy of its anchor's node, and checks each mapping's keys
    /// for duplicates by hashing them whole: an anchored mapping used as a key of a mapping that is
    /// itself anchored and used as a key costs ten times more per level, so a file of a few hundred
    /// bytes takes minutes (and values made of aliases of aliases grow just as fast for whoever reads
    /// them). Hence, read from the parser's events alone, so at a cost in proportion to the file:
    /// - an alias anywhere inside a mapping key is refused (a configuration's keys are plain text);
    /// - aliases that would add more than `limit` nodes in all are refused.
    ///
    /// Returns nil when the text does not even parse: composing it then reports the syntax error.
    static func aliasProblem(in yaml: String, file: String, limit: Int = maxAliasExpansion) -> ConfigProblem? {
        var scan = AliasScan(file: file, limit: limit)
        var text = yaml
        return text.withUTF8 { bytes in scan.run(bytes) }
    }
}

/// One pass over libyaml's events that sizes every anchored node as it would be once expanded.
private struct AliasScan {
    /// A mapping or list being read.
    struct Collection {
        var isMapping: Bool
        var anchor: String?
        var path: String
        /// Whether this collection is (or sits inside) a mapping key.
        var inKey: Bool
        /// Nodes so far, aliases expanded, counting the collection itself.
        var size = 1
        var children = 0
        /// The text of the key whose value comes next (mappings).
        var key = "?"
    }

    let file: String
    let limit: Int
    var stack: [Collection] = []
    /// Expanded size of each anchored node; a later anchor of the same name shadows the earlier one.
    var sizes: [String: Int] = [:]
    var expansion = 0

    init(file: String, limit: Int) {
        self.file = file
        self.limit = limit
    }

    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> ConfigProblem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return nil }
            if let problem = handle(event) { return problem }
        }
        return nil
    }

    private mutating func handle(_ event: yaml_event_t) -> ConfigProblem? {
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            if let anchor = Self.string(scalar.anchor) { sizes[anchor] = 1 }
            add(size: 1, keyText: text)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            stack.append(Collection(isMapping: isMapping, anchor: anchor, path: childPath, inKey: nextIsKey))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let done = stack.popLast() else { return nil }
            if let anchor = done.anchor { sizes[anchor] = done.size }
            add(size: done.size, keyText: "?")
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            let at = event.start_mark
            if nextIsKey {
                let place = stack.last?.inKey == true ? "is inside a mapping key" : "is used as a mapping key"
                return problem(at, "alias *\(name) \(place); aliases may only stand for values (keys are plain text)")
            }
            // An alias of an anchor not (yet) complete is left for composing to report.
            let size = sizes[name] ?? 1
            expansion = min(expansion + size, limit + 1)
            if expansion > limit {
                return problem(at, "aliases expand to more than \(limit) nodes in all (at *\(name), which stands for \(size)); write the values out or share fewer of them")
            }
            add(size: size, keyText: "?")
        default:
            break
        }
        return nil
    }

    /// Whether the next node sits in a key position: a mapping's even child, or anything inside a key.
    private var nextIsKey: Bool {
        guard let top = stack.last else { return false }
        return top.inKey || (top.isMapping && top.children % 2 == 0)
    }

    /// The key path of the next node, for the problem's `path` (`agents[3].capacity`).
    private var childPath: String {
        guard let top = stack.last else { return "" }
        if top.isMapping { return top.children % 2 == 0 ? top.path : YAMLReader.join(top.path, top.key) }
        return "\(top.path)[\(top.children / 2)]"
    }

    /// Counts a finished child node into its parent; `keyText` names the value that follows a key.
    private mutating func add(size: Int, keyText: String) {
        guard !stack.isEmpty else { return }
        let top = stack.count - 1
        stack[top].size = min(stack[top].size + size, limit + 1)
        if stack[top].isMapping, stack[top].children % 2 == 0 { stack[top].key = keyText }
        // Lists count two per element so that `children / 2` is the index and the parity test is shared.
        stack[top].children += stack[top].isMapping ? 1 : 2
    }

    private func problem(_ mark: yaml_mark_t, _ message: String) -> ConfigProblem {
        ConfigProblem(kind: .unsafeAlias, file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1,
                      path: childPath, message: message)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension String {
    /// YAML 1.1 allows `_` as a digit separator (`10_000`).
    fileprivate var replacingUnderscores: String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}
