import Foundation
import Logging
import SwitchboardServer
import SwitchboardStore

/// One simulated floor routed by a real ``RoutingHub``, with or without a ``Store`` on a temporary file.
///
/// `start` builds the hub, logs the clients in and, with a store, waits until their logins are on
/// disk; `cycles(_:)` routes at full speed; `finish()` drains, flushes the store, checks that every
/// request was answered, and closes everything.
public final class FloorRun: Sendable {
    public let layout: FloorLayout
    public let store: Store?
    let hub: RoutingHub
    let floor: Floor
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
        layout: FloorLayout, withStore: Bool, storeConfiguration: StoreConfiguration = StoreConfiguration(),
        directory: String? = nil
    ) async throws(FloorError) -> FloorRun {
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
        let floor = Floor(layout: layout)
        try await floor.open(on: hub)
        if let store {
            do { try await store.flush() } catch { throw .store(error) }
        }
        return FloorRun(layout: layout, store: store, hub: hub, floor: floor, directory: folder)
    }

    private init(layout: FloorLayout, store: Store?, hub: RoutingHub, floor: Floor, directory: URL?) {
        self.layout = layout
        self.store = store
        self.hub = hub
        self.floor = floor
        self.directory = directory
        statisticsAtStart = store?.statistics
        startedAt = clock.now
        watchdog = Task { [hub, floor] in
            var checks = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                checks = await floor.checkProgress(on: hub, stalledAfter: FloorRun.stallSeconds, checks: checks)
            }
        }
    }

    /// Routes until `count` more cycles (enqueue → offer → accept → complete) are finished. Requests
    /// are pipelined; `ok`s the store holds back may still be on their way when this returns.
    public func cycles(_ count: Int) async {
        await floor.run(on: hub, cycles: count)
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
        get async { await floor.isStalled(on: hub) }
    }

    /// CPU time of the hub's thread while routing so far (see ``FloorReport/hubCPU``).
    public var hubCPU: Duration {
        get async { .nanoseconds(await floor.hubCPU(on: hub)) }
    }

    /// What the hub answered so far.
    public var tally: FloorTally {
        get async { await floor.currentTally(on: hub) }
    }

    /// Drains the open interactions, flushes the store, waits for every acknowledgement, then
    /// stops the hub and removes the store's file.
    ///
    /// - Returns: the report; check ``FloorReport/isClean``.
    public func finish() async -> FloorReport {
        await floor.drain(on: hub)
        await hub.commitPendingJournal()
        var flushFailure: StoreError?
        if let store {
            do { try await store.flush() } catch { flushFailure = error }
        }
        let elapsed = clock.now - startedAt
        let statistics = store?.statistics
        await floor.awaitAcknowledgements(on: hub)
        watchdog.cancel()
        var tally = await floor.currentTally(on: hub)
        if let flushFailure { tally.noteError("final flush failed: \(flushFailure)") }
        let stalled = await floor.isStalled(on: hub)
        let cycles = await floor.completedCount(on: hub)
        let hubCPU = await floor.hubCPU(on: hub)
        await hub.stop()
        if let store { await store.close() }
        if let directory { try? FileManager.default.removeItem(at: directory) }
        return FloorReport(
            layout: layout, storeOn: store != nil, cycles: cycles, elapsed: elapsed,
            committedEvents: (statistics?.committedEvents ?? 0) - (statisticsAtStart?.committedEvents ?? 0),
            commits: (statistics?.commits ?? 0) - (statisticsAtStart?.commits ?? 0),
            droppedEvents: statistics?.droppedEvents ?? 0, hubCPU: .nanoseconds(hubCPU), tally: tally, stalled: stalled)
    }
}

extension Floor {
    func isStalled(on hub: isolated RoutingHub) -> Bool { stalled }
    func currentTally(on hub: isolated RoutingHub) -> FloorTally { tally }
    func completedCount(on hub: isolated RoutingHub) -> Int { completed }
    func hubCPU(on hub: isolated RoutingHub) -> Int64 { hubCPUNanoseconds }
}
