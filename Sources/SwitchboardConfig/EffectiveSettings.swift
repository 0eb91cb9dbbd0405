/// The settings the server runs with: which configuration, and the listen address and database path
/// after environment variables and command-line flags have overridden the file.
///
/// Precedence, highest first: flag, environment variable, configuration file, built-in default.
/// The configuration itself comes from `--config`, else `SWITCHBOARD_CONFIG`, else `Config/switchboard.yaml`
/// when it exists, else the embedded demo configuration.
/// Resolution is pure (environment, flags and file system are parameters), so every rule is testable.
public struct EffectiveSettings: Sendable, Hashable {
    /// Command-line flag values as typed (unparsed, so they are checked like environment values).
    public struct Flags: Sendable, Hashable {
        public var configPath: String?
        public var host: String?
        public var port: String?
        public var databasePath: String?
        /// `--log-format`: `text` or `json`.
        public var logFormat: String?

        public init(configPath: String? = nil, host: String? = nil, port: String? = nil, databasePath: String? = nil, logFormat: String? = nil) {
            self.logFormat = logFormat
            self.configPath = configPath
            self.host = host
            self.port = port
            self.databasePath = databasePath
        }
    }

    /// Where a setting's value came from, for the startup log.
    public enum Origin: String, Sendable, Hashable, CustomStringConvertible {
        case flag
        case environment
        case configFile = "configuration"
        case defaultFile = "default file"
        case embedded = "embedded default"

        public var description: String { rawValue }
    }

    /// Which configuration is used.
    public enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
        case file(path: String, origin: Origin)
        case embedded

        public var description: String {
            switch self {
            case .file(let path, let origin): "\(path) (from \(origin))"
            case .embedded: "embedded demo configuration"
            }
        }
    }

    public static let configVariable = "SWITCHBOARD_CONFIG"
    public static let hostVariable = "SWITCHBOARD_HOST"
    public static let portVariable = "SWITCHBOARD_PORT"
    public static let databaseVariable = "SWITCHBOARD_DB"
    public static let logFormatVariable = "SWITCHBOARD_LOG_FORMAT"
    /// Used when neither flag nor variable names a file and it exists in the working directory.
    public static let defaultConfigPath = "Config/switchboard.yaml"

    public var configSource: ConfigSource
    /// The configuration with the overrides applied to `server.host`, `server.port` and `store.path`.
    public var configuration: SwitchboardConfiguration
    public var hostOrigin: Origin
    public var portOrigin: Origin
    public var databaseOrigin: Origin

    public var host: String { configuration.server.host }
    public var port: Int { configuration.server.port }
    public var databasePath: String { configuration.store.path }

    /// Picks the configuration file (or the embedded default).
    /// - Parameter fileExists: whether a path names a readable file; only consulted for the default path.
    /// - Throws: ``ConfigError`` when the flag or variable is present but empty.
    public static func configSource(flags: Flags, environment: [String: String], fileExists: (String) -> Bool) throws(ConfigError) -> ConfigSource {
        if let path = flags.configPath {
            guard !path.isEmpty else { throw ConfigError(problems: [override("--config", "must not be empty")]) }
            return .file(path: path, origin: .flag)
        }
        if let path = environment[configVariable] {
            guard !path.isEmpty else { throw ConfigError(problems: [override(configVariable, "is set but empty")]) }
            return .file(path: path, origin: .environment)
        }
        if fileExists(defaultConfigPath) {
            return .file(path: defaultConfigPath, origin: .defaultFile)
        }
        return .embedded
    }

    /// Applies host, port and database overrides to a loaded configuration.
    /// - Throws: ``ConfigError`` naming each invalid flag or variable.
    public static func apply(flags: Flags, environment: [String: String], to configuration: SwitchboardConfiguration, source: ConfigSource) throws(ConfigError) -> EffectiveSettings {
        let fileOrigin: Origin = source == .embedded ? .embedded : .configFile
        var settings = EffectiveSettings(configSource: source, configuration: configuration,
                                         hostOrigin: fileOrigin, portOrigin: fileOrigin, databaseOrigin: fileOrigin)
        var problems: [ConfigProblem] = []

        if let (value, name, origin) = pick(flags.host, "--host", environment[hostVariable], hostVariable) {
            if isValidHost(value) {
                settings.configuration.server.host = value
                settings.hostOrigin = origin
            } else {
                problems.append(override(name, "invalid host \"\(value)\" (expected an IP address or host name)"))
            }
        }
        if let (value, name, origin) = pick(flags.port, "--port", environment[portVariable], portVariable) {
            if let port = Int(value), ServerSettings.portRange.contains(port) {
                settings.configuration.server.port = port
                settings.portOrigin = origin
            } else {
                problems.append(override(name, "invalid port \"\(value)\" (expected a whole number from 1 to 65535)"))
            }
        }
        if let (value, name, origin) = pick(flags.databasePath, "--db", environment[databaseVariable], databaseVariable) {
            if value.isEmpty {
                problems.append(override(name, "the database path must not be empty"))
            } else {
                settings.configuration.store.path = value
                settings.databaseOrigin = origin
            }
        }
        if let (value, name, _) = pick(flags.logFormat, "--log-format", environment[logFormatVariable], logFormatVariable) {
            if let format = LogFormat(rawValue: value) {
                settings.configuration.server.logFormat = format
            } else {
                problems.append(override(name, "invalid log format \"\(value)\" (expected text or json)"))
            }
        }
        guard problems.isEmpty else { throw ConfigError(problems: problems) }
        return settings
    }

    /// The whole resolution: choose the source, load it with `loadFile` (or the embedded default), apply overrides.
    public static func resolve(
        flags: Flags,
        environment: [String: String],
        fileExists: (String) -> Bool,
        loadFile: (String) throws(ConfigError) -> SwitchboardConfiguration = { path throws(ConfigError) in try ConfigLoader.load(contentsOf: path) }
    ) throws(ConfigError) -> EffectiveSettings {
        let source = try configSource(flags: flags, environment: environment, fileExists: fileExists)
        let configuration: SwitchboardConfiguration
        switch source {
        case .file(let path, _): configuration = try loadFile(path)
        case .embedded: configuration = try EmbeddedConfiguration.load()
        }
        return try apply(flags: flags, environment: environment, to: configuration, source: source)
    }

    /// A flag wins over its variable.
    private static func pick(_ flag: String?, _ flagName: String, _ variable: String?, _ variableName: String) -> (String, String, Origin)? {
        if let flag { return (flag, flagName, .flag) }
        if let variable { return (variable, variableName, .environment) }
        return nil
    }

    private static func override(_ name: String, _ message: String) -> ConfigProblem {
        ConfigProblem(kind: .invalidOverride, file: name, path: "", message: message)
    }

    /// An IPv4/IPv6 literal or a DNS name: letters, digits, `.`, `-`, `:` (and `%` for IPv6 zones).
    public static func isValidHost(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253, !text.hasPrefix("-") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "-" || scalar == ":" || scalar == "%"
        }
    }
}
