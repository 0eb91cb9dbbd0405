import ArgumentParser
import Foundation
import Logging
import SwitchboardConfig
import SwitchboardAPI
import SwitchboardServer
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTransport

/// Runs the server until SIGTERM or SIGINT; SIGHUP reloads the configuration.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server (the default when no subcommand is given).",
        discussion: """
            The configuration comes from --config, else $SWITCHBOARD_CONFIG, else Config/switchboard.yaml when it \
            exists, else the built-in demo configuration. --host/--port/--db (or $SWITCHBOARD_HOST, \
            $SWITCHBOARD_PORT, $SWITCHBOARD_DB) override the file's listen address and database path; port 0 \
            picks a free port. Logs go to standard error, starting with "listening on HOST:PORT" once bound. \
            SIGHUP reloads the configuration; SIGTERM and SIGINT shut down gracefully (connections closed with 1001).
            """
    )

    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String?

    @Option(name: .long, help: "Address to listen on (overrides server.listen.host).")
    var host: String?

    @Option(name: .long, help: "Port to listen on, 0–65535; 0 picks a free port (overrides server.listen.port).")
    var port: String?

    @Option(name: .long, help: "SQLite database file (overrides store.path).")
    var db: String?

    @Flag(name: .long, help: "Run without the durable store: nothing survives a restart (benchmarks, demos).")
    var noStore = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        // Before other threads allocate: few malloc arenas keep a long-running server's memory flat.
        ProcessMemory.limitArenas()
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "switchboard")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        var environment = ProcessInfo.processInfo.environment
        // Port 0 (any free port) is for tests and tools; the configuration validates 1–65535, so it
        // is applied after resolution.
        var anyPort = port == "0"
        var portFlag = port
        if anyPort { portFlag = nil }
        if port == nil, environment[EffectiveSettings.portVariable] == "0" {
            anyPort = true
            environment[EffectiveSettings.portVariable] = nil
        }
        let flags = EffectiveSettings.Flags(configPath: config, host: host, port: portFlag, databasePath: db)
        let settings: EffectiveSettings
        do {
            settings = try EffectiveSettings.resolve(
                flags: flags, environment: environment, fileExists: { FileManager.default.fileExists(atPath: $0) }
            )
        } catch {
            FileHandle.standardError.write(Data("switchboard: configuration refused\n\(error.description)\n".utf8))
            throw ExitCode.failure
        }
        var configuration = settings.configuration
        if anyPort { configuration.server.port = 0 }
        logger.info("starting", metadata: [
            "sb.version": "\(Switchboard.version)",
            "sb.config": "\(settings.configSource)",
            "sb.queues": "\(configuration.queues.count)",
            "sb.agents": "\(configuration.agents.count)",
        ])

        // Every connection is a descriptor: take all the kernel allows, and say when it is less than
        // the configured connections need.
        do {
            let descriptors = try ResourceLimits.raiseOpenFileLimit()
            let needed = configuration.server.limits.maxConnections + configuration.server.limits.reservedConnections + 64
            if descriptors < needed {
                logger.warning("open-file limit is below what max_connections needs", metadata: [
                    "sb.nofile": "\(descriptors)", "sb.needed": "\(needed)",
                ])
            }
        } catch {
            logger.warning("cannot raise the open-file limit", metadata: ["sb.error": "\(error)"])
        }

        var store: Store?
        if !noStore {
            do {
                store = try Store(path: configuration.store.path, configuration: StoreConfiguration(configuration.store), logger: logger)
            } catch {
                FileHandle.standardError.write(Data("switchboard: cannot open the store: \(error.description)\n".utf8))
                throw ExitCode.failure
            }
            logger.info("store open", metadata: ["sb.store.path": "\(configuration.store.path)"])
        } else {
            logger.warning("running without a store: nothing survives a restart")
        }

        // Trapped before the server starts, so a signal sent right after "listening on" is kept.
        let trap = SignalTrap([SIGTERM, SIGINT, SIGHUP])
        let server: SwitchboardServer
        do {
            server = try await SwitchboardServer.start(configuration: configuration, source: settings.configSource,
                                                       flags: flags, environment: environment, store: store, logger: logger,
                                                       application: { try RESTResponder(services: $0) })
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode.failure
        }
        let shown = server.host.contains(":") ? "[\(server.host)]" : server.host
        FileHandle.standardError.write(Data("listening on \(shown):\(server.port)\n".utf8))

        let watcher = Self.watcher(for: settings.configSource, configuration: configuration, server: server, logger: logger)
        for await number in trap.signals {
            if number == SIGHUP {
                _ = await server.reloader.reload(trigger: "SIGHUP")
                continue
            }
            logger.notice("shutting down", metadata: ["sb.signal": "\(number)"])
            break
        }
        watcher?.stop()
        await server.shutdown()
        logger.notice("stopped")
    }

    /// Reload on file changes when `reload.watch_file` is set.
    static func watcher(for source: EffectiveSettings.ConfigSource, configuration: SwitchboardConfiguration,
                        server: SwitchboardServer, logger: Logger) -> ConfigFileWatcher? {
        guard configuration.reload.watchFile, case .file(let path, _) = source else { return nil }
        do {
            let watcher = try ConfigFileWatcher(path: path, debounceMilliseconds: configuration.reload.debounceMilliseconds)
            let reloader = server.reloader
            Task {
                for await _ in watcher.changes {
                    _ = await reloader.reload(trigger: "file change")
                }
            }
            return watcher
        } catch {
            logger.error("cannot watch the configuration file; reload with SIGHUP instead", metadata: ["sb.error": "\(error)"])
            return nil
        }
    }
}
