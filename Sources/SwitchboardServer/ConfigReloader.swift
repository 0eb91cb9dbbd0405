import Foundation
public import Logging
public import SwitchboardConfig
import SwitchboardSocket

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
    /// Counts reloads applied and refused (nil for a bare hub).
    let metrics: ServerMetrics?
    /// Runs after each applied reload with the configuration now in force (the transport's limits).
    var afterApply: [@Sendable (SwitchboardConfiguration) -> Void] = []

    /// - Parameters:
    ///   - source: where the configuration comes from (the embedded one reloads as itself).
    ///   - flags, environment: overrides re-applied to every reloaded file, as at startup.
    public init(source: EffectiveSettings.ConfigSource, flags: EffectiveSettings.Flags = .init(), environment: [String: String] = [:],
                hub: RoutingHub, credentials: CredentialStore, policy: ConnectionPolicy? = nil, boundPortOverride: Int? = nil,
                metrics: ServerMetrics? = nil, logger: Logger) {
        self.policy = policy
        self.metrics = metrics
        self.source = source
        self.boundPortOverride = boundPortOverride
        self.flags = flags
        self.environment = environment
        self.hub = hub
        self.credentials = credentials
        self.logger = logger
    }

    /// Adds work to run after every applied reload.
    public func onApplied(_ body: @escaping @Sendable (SwitchboardConfiguration) -> Void) {
        afterApply.append(body)
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
            metrics?.reloaded(applied: false)
            return .refused(error.problems.map(\.description))
        }
        if let boundPortOverride { loaded.server.port = boundPortOverride }
        let previous = await hub.currentConfiguration
        let outcome = await hub.reconfigure(to: loaded)
        if case .applied = outcome {
            let pending = Self.restartOnlyChanges(from: previous.server, to: loaded.server)
            if !pending.isEmpty {
                logger.warning("some changed settings take effect only at the next restart",
                               metadata: ["sb.restartOnly": "\(pending.joined(separator: ", "))"])
            }
        }
        if case .applied = outcome {
            credentials.replace(with: loaded)
            policy?.update(loaded.server.limits)
            for body in afterApply { body(loaded) }
            // Trying the new configuration on a copy of the router peaks the heap: give that back.
            ProcessMemory.returnFreeMemory()
        }
        if case .applied = outcome { metrics?.reloaded(applied: true) } else { metrics?.reloaded(applied: false) }
        logger.info("configuration reload finished", metadata: ["sb.trigger": "\(trigger)", "sb.outcome": "\(outcome)"])
        return outcome
    }

    /// The `server` keys that differ and are read only at start (the listener, its threads, TLS, the
    /// WebSocket endpoint, the session deadlines, the reconnect grace, and the log format: the process's
    /// log handler is installed once, at start).
    static func restartOnlyChanges(from old: ServerSettings, to new: ServerSettings) -> [String] {
        var keys: [String] = []
        func check<T: Equatable>(_ key: String, _ value: (ServerSettings) -> T) {
            if value(old) != value(new) { keys.append("server.\(key)") }
        }
        check("listen.host") { $0.host }
        check("listen.port") { $0.port }
        check("tls") { $0.tls }
        check("web_root") { $0.webRoot }
        check("limits.event_loop_threads") { $0.limits.eventLoopThreads }
        check("limits.max_message_bytes") { $0.limits.maxMessageBytes }
        check("limits.hello_timeout_seconds") { $0.limits.helloTimeoutSeconds }
        check("limits.agent_reconnect_grace_seconds") { $0.limits.agentReconnectGraceSeconds }
        check("limits.ping_interval_seconds") { $0.limits.pingIntervalSeconds }
        check("limits.presence_timeout_seconds") { $0.limits.presenceTimeoutSeconds }
        check("log_format") { $0.logFormat }
        return keys
    }
}
