import Foundation
import Logging
import SwitchboardServer
import SwitchboardStore

/// Simulated clients routed by a real ``RoutingHub``, with or without a ``Store`` on a temporary file.
///
/// `start` builds the hub, logs the clients in and, with a store, waits until their logins are on
/// disk; `cycles(_:)` routes at full speed; `finish()` drains, flushes the store, checks that every
/// request was answered, and closes everything.
public final class HubLoadRun: Sendable {
    public let layout: HubLoadLayout
    public let store: Store?
    let hub: RoutingHub
    let clients: InstantClients
    private let directory: URL?
    private let watchdog: Task<Void, Never>
    private let clock = ContinuousClock()
    private let startedAt: ContinuousClock.Instant
    private let statisticsAtStart: StoreStatistics?

    /// Seconds without any progress after which a run is declared stalled.
    public static let stallSeconds = 15

    /// - Parameters:
    ///   - withStore: records every routing effect in a store on a new file under `directory`
    ///     (the system's temporary directory when nil), with `storeConfiguration`.
    public static func start(
        layout: HubLoadLayout, withStore: Bool, storeConfiguration: StoreConfiguration = StoreConfiguration(),
        directory: String? = nil
    ) async throws(HubLoadError) -> HubLoadRun {
        var logger = Logger(label: "switchboard.store-bench")
        logger.logLevel = .error
        var store: Store?
        var folder: URL?
        if withStore {
            let base = directory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
            let dir = base.appendingPathComponent("switchboard-store-bench-\(UUID().uuidString)")
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw .hubUnavailable("cannot create \(dir.path): \(error)")
            }
            folder = dir
            do {
                store = try Store(path: dir.appendingPathComponent("switchboard.sqlite").path,
                                  configuration: storeConfiguration, logger: logger)
            } catch {
                throw .store(error)
            }
        }
        let hub: RoutingHub
        do {
            hub = try RoutingHub(configuration: layout.configuration, store: store, logger: logger)
        } catch {
            throw .hubUnavailable("\(error)")
        }
        let clients = InstantClients(layout: layout)
        try await clients.open(on: hub)
        if let store {
            do { try await store.flush() } catch { throw .store(error) }
        }
        return HubLoadRun(layout: layout, store: store, hub: hub, clients: clients, directory: folder)
    }

    private init(layout: HubLoadLayout, store: Store?, hub: RoutingHub, clients: InstantClients, directory: URL?) {
        self.layout = layout
        self.store = store
        self.hub = hub
        self.clients = clients
        self.directory = directory
        statisticsAtStart = store?.statistics
        startedAt = clock.now
        watchdog = Task { [hub, clients] in
            var checks = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                checks = await clients.checkProgress(on: hub, stalledAfter: HubLoadRun.stallSeconds, checks: checks)
            }
        }
    }

    /// Routes until `count` more cycles (enqueue → offer → accept → complete) are finished. Requests
    /// are pipelined; `ok`s the store holds back may still be on their way when this returns.
    public func cycles(_ count: Int) async {
        await clients.run(on: hub, cycles: count)
    }

    /// Routes for about `duration` in chunks of `chunk` cycles; returns the cycles and the time they took.
    public func route(for duration: Duration, chunk: Int = 1_000) async -> (cycles: Int, elapsed: Duration) {
        let start = clock.now
        var done = 0
        while clock.now - start < duration {
            await cycles(chunk)
            done += chunk
            if await stalled { break }
        }
        return (done, clock.now - start)
    }

    /// Whether the watchdog gave up on the run.
    public var stalled: Bool {
        get async { await clients.isStalled(on: hub) }
    }

    /// CPU time of the hub's thread while routing so far (see ``HubLoadReport/hubCPU``).
    public var hubCPU: Duration {
        get async { .nanoseconds(await clients.hubCPU(on: hub)) }
    }

    /// What the hub answered so far.
    public var tally: HubLoadTally {
        get async { await clients.currentTally(on: hub) }
    }

    /// Drains the open interactions, flushes the store, waits for every acknowledgement, then
    /// stops the hub and removes the store's file.
    ///
    /// - Returns: the report; check ``HubLoadReport/isClean``.
    public func finish() async -> HubLoadReport {
        await clients.drain(on: hub)
        await hub.commitPendingJournal()
        var flushFailure: StoreError?
        if let store {
            do { try await store.flush() } catch { flushFailure = error }
        }
        let elapsed = clock.now - startedAt
        let statistics = store?.statistics
        await clients.awaitAcknowledgements(on: hub)
        watchdog.cancel()
        var tally = await clients.currentTally(on: hub)
        if let flushFailure { tally.noteError("final flush failed: \(flushFailure)") }
        let stalled = await clients.isStalled(on: hub)
        let cycles = await clients.completedCount(on: hub)
        let hubCPU = await clients.hubCPU(on: hub)
        await hub.stop()
        if let store { await store.close() }
        if let directory { try? FileManager.default.removeItem(at: directory) }
        return HubLoadReport(
            layout: layout, storeOn: store != nil, cycles: cycles, elapsed: elapsed,
            committedEvents: (statistics?.committedEvents ?? 0) - (statisticsAtStart?.committedEvents ?? 0),
            commits: (statistics?.commits ?? 0) - (statisticsAtStart?.commits ?? 0),
            droppedEvents: statistics?.droppedEvents ?? 0, hubCPU: .nanoseconds(hubCPU), tally: tally, stalled: stalled)
    }
}

extension InstantClients {
    func isStalled(on hub: isolated RoutingHub) -> Bool { stalled }
    func currentTally(on hub: isolated RoutingHub) -> HubLoadTally { tally }
    func completedCount(on hub: isolated RoutingHub) -> Int { completed }
    func hubCPU(on hub: isolated RoutingHub) -> Int64 { hubCPUNanoseconds }
}
