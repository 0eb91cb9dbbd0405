import Testing
import SwitchboardConfig

/// `server.log_format`: decoded, located when wrong, overridden by the flag and the environment.
@Suite struct LogFormatSettingsTests {
    @Test func textUnlessConfiguredJSON() throws {
        #expect(try ConfigLoader.load(yaml: baseSkills, file: "test.yaml").server.logFormat == .text)
        let json = try ConfigLoader.load(yaml: baseSkills + "\nserver:\n  log_format: json\n", file: "test.yaml")
        #expect(json.server.logFormat == .json)
    }

    @Test func anUnknownFormatIsLocated() throws {
        let problem = try #require(onlyProblem(of: .invalidValue, in: baseSkills + "\nserver:\n  log_format: xml\n"))
        #expect(problem.path == "server.log_format")
        #expect(problem.line == 6)
        #expect(problem.message.contains("expected text or json"))
    }

    @Test func theFlagBeatsTheEnvironmentBeatsTheFile() throws {
        let config = SwitchboardConfiguration(server: ServerSettings(logFormat: .text))
        let source = EffectiveSettings.ConfigSource.file(path: "x.yaml", origin: .flag)
        let fromEnvironment = try EffectiveSettings.apply(flags: .init(), environment: ["SWITCHBOARD_LOG_FORMAT": "json"], to: config, source: source)
        #expect(fromEnvironment.configuration.server.logFormat == .json)
        let fromFlag = try EffectiveSettings.apply(flags: .init(logFormat: "text"), environment: ["SWITCHBOARD_LOG_FORMAT": "json"],
                                                   to: config, source: source)
        #expect(fromFlag.configuration.server.logFormat == .text)
        do {
            _ = try EffectiveSettings.apply(flags: .init(logFormat: "yaml"), environment: [:], to: config, source: source)
            Issue.record("an invalid --log-format was accepted")
        } catch {
            #expect(error.problems.map(\.description).joined().contains("--log-format"))
        }
    }
}
