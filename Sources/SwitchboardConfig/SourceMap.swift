/// A position in a configuration file (1-based).
public struct SourceLocation: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Where each key path's value sits in the file, so checks made after decoding (references, duplicates,
/// cycles) can still point at a line.
public struct SourceMap: Sendable, Hashable {
    public var locations: [String: SourceLocation] = [:]
    /// For each list (`queues`, `agents`…), the file index of each element that decoded, in model order;
    /// elements that failed to decode are left out of the model, so model and file indices can differ.
    public var elementIndices: [String: [Int]] = [:]
    /// Where the agent roster sits: `agents`, or `agents.roster` when `agents:` is a mapping.
    public var rosterPath = "agents"

    public init() {}

    /// The file index of the model's `index`-th element of the list at `path`.
    public func sourceIndex(of index: Int, in path: String) -> Int {
        guard let indices = elementIndices[path], indices.indices.contains(index) else { return index }
        return indices[index]
    }

    public subscript(path: String) -> SourceLocation? {
        get { locations[path] }
        set { locations[path] = newValue }
    }
}
