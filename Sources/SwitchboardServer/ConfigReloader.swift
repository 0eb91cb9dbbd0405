import Foundation
import Logging
import SwitchboardConfig

/// Reloads the configuration: reads and validates the file off the routing owner, then has the
/// owner apply it atomically, then swaps the credentials for new logins. One reload at a time,
/// whatever triggered it (SIGHUP, the admin `reload` message, the file watcher).
public actor ConfigReloader {
    let source: EffectiveSettings.ConfigSource
    let flags: EffectiveSettings.Flags
    let environment: [String: String]
    let hub: RoutingHub
    let credentials: CredentialStore
    /// Takes the reloaded connection limits (nil when the reloader serves a bare hub).
    let policy: ConnectionPolicy?
    let logger: Logger
    /// The port actually bound when it was chosen at startup (port 0), so a reload does not report it as changed.
    let boundPortOverride: Int?

    /// - Parameters:
    ///   - source: where the configuration comes from (the embedded one reloads as itself).
    ///   - flags, environment: overrides re-applied to every reloaded file, as at startup.
    public init(source: EffectiveSettings.ConfigSource, flags: EffectiveSettings.Flags = .init(), environment: [String: String] = [:],
                hub: RoutingHub, credentials: CredentialStore, policy: ConnectionPolicy? = nil, boundPortOverride: Int? = nil,
                logger: Logger) {
        self.policy = policy
        self.source = source
        self.boundPortOverride = boundPortOverride
        self.flags = flags
        self.environment = environment
        self.hub = hub
        self.credentials = credentials
        self.logger = logger
    }

    /// Reads, validates and applies the configuration; every problem is returned when refused.
    public func reload(trigger: String) async -> ReloadOutcome {
        var loaded: SwitchboardConfiguration
        do {
            let configuration: SwitchboardConfiguration
            switch source {
            case .file(let path, _): configuration = try ConfigLoader.load(contentsOf: path)
            case .embedded: configuration = try EmbeddedConfiguration.load()
            }
            loaded = try EffectiveSettings.apply(flags: flags, environment: environment, to: configuration, source: source).configuration
        } catch {
            logger.warning("configuration reload refused", metadata: ["sb.trigger": "\(trigger)", "sb.problems": "\(error.problems.count)"])
            for problem in error.problems { logger.warning("\(problem.description)") }
            return .refused(error.problems.map(\.description))
        }
        if let boundPortOverride { loaded.server.port = boundPortOverride }
        let outcome = await hub.reconfigure(to: loaded)
        if case .applied = outcome {
            credentials.replace(with: loaded.credentials)
            policy?.update(loaded.server.limits)
        }
        logger.info("configuration reload finished", metadata: ["sb.trigger": "\(trigger)", "sb.outcome": "\(outcome)"])
        return outcome
    }
}
