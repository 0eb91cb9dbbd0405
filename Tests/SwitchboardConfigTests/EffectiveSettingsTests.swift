import Testing
import SwitchboardConfig

@Suite struct EffectiveSettingsTests {
    typealias Flags = EffectiveSettings.Flags

    let noFiles: (String) -> Bool = { _ in false }
    let defaultFileExists: (String) -> Bool = { $0 == EffectiveSettings.defaultConfigPath }

    @Test func configFlagBeatsEnvironmentBeatsDefaultFileBeatsEmbedded() throws {
        let env = ["SWITCHBOARD_CONFIG": "/etc/env.yaml"]
        #expect(try EffectiveSettings.configSource(flags: Flags(configPath: "flag.yaml"), environment: env, fileExists: defaultFileExists)
            == .file(path: "flag.yaml", origin: .flag))
        #expect(try EffectiveSettings.configSource(flags: Flags(), environment: env, fileExists: defaultFileExists)
            == .file(path: "/etc/env.yaml", origin: .environment))
        #expect(try EffectiveSettings.configSource(flags: Flags(), environment: [:], fileExists: defaultFileExists)
            == .file(path: "Config/switchboard.yaml", origin: .defaultFile))
        #expect(try EffectiveSettings.configSource(flags: Flags(), environment: [:], fileExists: noFiles) == .embedded)
    }

    @Test func emptyConfigVariableIsAnError() {
        #expect(throws: ConfigError.self) {
            try EffectiveSettings.configSource(flags: Flags(), environment: ["SWITCHBOARD_CONFIG": ""], fileExists: noFiles)
        }
    }

    @Test func withNothingGivenTheEmbeddedDefaultListensOnLoopback() throws {
        let settings = try EffectiveSettings.resolve(flags: Flags(), environment: [:], fileExists: noFiles)
        #expect(settings.configSource == .embedded)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.databasePath == "switchboard.sqlite")
        #expect(settings.hostOrigin == .embedded)
    }

    @Test func flagsBeatEnvironmentBeatsFile() throws {
        let config = SwitchboardConfiguration(server: ServerSettings(host: "10.0.0.1", port: 7000), store: StoreSettings(path: "file.db"))
        let env = ["SWITCHBOARD_HOST": "10.0.0.2", "SWITCHBOARD_PORT": "7001", "SWITCHBOARD_DB": "env.db"]
        let source = EffectiveSettings.ConfigSource.file(path: "x.yaml", origin: .flag)

        let fromFile = try EffectiveSettings.apply(flags: Flags(), environment: [:], to: config, source: source)
        #expect((fromFile.host, fromFile.port, fromFile.databasePath) == ("10.0.0.1", 7000, "file.db"))
        #expect(fromFile.portOrigin == .configFile)

        let fromEnv = try EffectiveSettings.apply(flags: Flags(), environment: env, to: config, source: source)
        #expect((fromEnv.host, fromEnv.port, fromEnv.databasePath) == ("10.0.0.2", 7001, "env.db"))
        #expect(fromEnv.portOrigin == .environment)

        let fromFlags = try EffectiveSettings.apply(
            flags: Flags(host: "::1", port: "7002", databasePath: "flag.db"), environment: env, to: config, source: source)
        #expect((fromFlags.host, fromFlags.port, fromFlags.databasePath) == ("::1", 7002, "flag.db"))
        #expect(fromFlags.configuration.server.port == 7002)
        #expect(fromFlags.portOrigin == .flag)
    }

    @Test func invalidOverridesNameTheVariableOrFlag() {
        do {
            _ = try EffectiveSettings.apply(
                flags: Flags(port: "99999"), environment: ["SWITCHBOARD_HOST": "bad host", "SWITCHBOARD_DB": ""],
                to: SwitchboardConfiguration(), source: .embedded)
            Issue.record("expected the overrides to be refused")
        } catch {
            #expect(error.description == """
                SWITCHBOARD_HOST: invalid host "bad host" (expected an IP address or host name)
                --port: invalid port "99999" (expected a whole number from 1 to 65535)
                SWITCHBOARD_DB: the database path must not be empty
                """)
        }
    }

    @Test func configFileNamedByFlagIsLoadedThroughTheGivenLoader() throws {
        var loaded: [String] = []
        let settings = try EffectiveSettings.resolve(
            flags: Flags(configPath: "custom.yaml"), environment: ["SWITCHBOARD_PORT": "9000"], fileExists: noFiles,
            loadFile: { path in
                loaded.append(path)
                return SwitchboardConfiguration()
            })
        #expect(loaded == ["custom.yaml"])
        #expect(settings.port == 9000)
    }
}
