import Foundation
import Yams

/// Reads, decodes and validates configuration files, reporting every problem at once.
public enum ConfigLoader {
    /// The outcome of decoding: the configuration, where its values came from, and its problems.
    public struct Parsed: Sendable {
        public var configuration: SwitchboardConfiguration
        public var sourceMap: SourceMap
        public var problems: [ConfigProblem]
    }

    /// Loads and validates the file at `path`; `environment` is where `secret_env` names are looked up
    /// (nil: the process's).
    /// - Throws: ``ConfigError`` listing every problem, each with file, line, column and key path.
    public static func load(contentsOf path: String,
                            environment: [String: String]? = nil) throws(ConfigError) -> SwitchboardConfiguration {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            let reason = isDirectory.boolValue ? "it is a directory" : "no such file"
            throw ConfigError(problems: [ConfigProblem(kind: .unreadableFile, file: path, path: "",
                                                       message: "cannot read the configuration file: \(reason)")])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(problems: [ConfigProblem(kind: .unreadableFile, file: path, path: "",
                                                       message: "cannot read the configuration file: \(describe(error))")])
        }
        return try load(yaml: text, file: path, environment: environment)
    }

    /// Decodes and validates YAML text; `file` is the name problems carry.
    /// - Throws: ``ConfigError`` listing every problem.
    public static func load(yaml: String, file: String,
                            environment: [String: String]? = nil) throws(ConfigError) -> SwitchboardConfiguration {
        let parsed = parse(yaml: yaml, file: file, environment: environment)
        guard parsed.problems.isEmpty else { throw ConfigError(problems: parsed.problems) }
        return parsed.configuration
    }

    /// Decodes and validates without throwing, for tools that want the partial result too.
    public static func parse(yaml: String, file: String, environment: [String: String]? = nil) -> Parsed {
        // Before composing: composing a document built on aliases can take minutes (see `aliasProblem`).
        if let problem = YAMLReader.aliasProblem(in: yaml, file: file) {
            return Parsed(configuration: SwitchboardConfiguration(), sourceMap: SourceMap(), problems: [problem])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            return Parsed(configuration: SwitchboardConfiguration(), sourceMap: SourceMap(), problems: [syntaxProblem(error, file: file)])
        }
        guard let root else {
            // An empty file is an empty configuration: defaults, no queues, no agents.
            return Parsed(configuration: SwitchboardConfiguration(), sourceMap: SourceMap(), problems: [])
        }
        var decoder = ConfigDecoder(file: file, environment: environment ?? ProcessInfo.processInfo.environment)
        let configuration = decoder.decode(root)
        let sourceMap = decoder.reader.sourceMap
        var problems = decoder.reader.problems
        problems += ConfigValidator.validate(configuration, sourceMap: sourceMap, file: file)
        let agents = Set(configuration.agents.map(\.id))
        for (id, path) in decoder.agentReferencesOfDroppedCredentials where !agents.contains(id) {
            let location = sourceMap[path]
            problems.append(ConfigProblem(kind: .unknownReference, file: file, line: location?.line, column: location?.column,
                                          path: path, message: "unknown agent \"\(id)\" (declare it under agents:)"))
        }
        problems.sort { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
        return Parsed(configuration: configuration, sourceMap: sourceMap, problems: problems)
    }

    private static func syntaxProblem(_ error: any Error, file: String) -> ConfigProblem {
        guard let yamlError = error as? YamlError else {
            return ConfigProblem(kind: .syntax, file: file, path: "", message: "invalid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return ConfigProblem(kind: .syntax, file: file, line: mark.line, column: mark.column, path: "", message: "invalid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigProblem(kind: .syntax, file: file, line: context.mark.line, column: context.mark.column, path: "",
                                 message: "invalid YAML: key \(keys) appears more than once in one mapping")
        case .reader(let problem, _, _, _):
            return ConfigProblem(kind: .syntax, file: file, path: "", message: "invalid YAML: \(problem)")
        default:
            return ConfigProblem(kind: .syntax, file: file, path: "", message: "invalid YAML: \(yamlError)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
