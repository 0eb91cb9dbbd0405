/// A problem in a scenario file, naming the field (`arrivals.rate_per_second`) and what was wrong.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the field, with list indices (`mix[2].handle.mean`); empty for the whole document.
    public var path: String
    public var message: String
    /// 1-based line in the file, when known.
    public var line: Int?

    public init(path: String, message: String, line: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
    }

    public var description: String {
        let location = line.map { "line \($0): " } ?? ""
        return path.isEmpty ? "\(location)\(message)" : "\(location)\(path): \(message)"
    }
}
