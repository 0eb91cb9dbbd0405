import SwitchboardRouter
import SwitchboardSignals
import SwitchboardStore

/// What rebuilding the memory from a store file cost, stage by stage, as the server does at start.
struct RebuildResult: Codable {
    var open: ProcessMeter.Span
    var read: ProcessMeter.Span
    var map: ProcessMeter.Span
    var rebuild: ProcessMeter.Span
    var prune: ProcessMeter.Span
    var rows: Int
    var customers: Int
    var contacts: Int
    var openContacts: Int
    var forgottenByCap: Int
    var residentStart: Int
    /// With the store open, before reading.
    var residentOpened: Int
    /// After the rebuild, with the rows and the mapped contacts still alive (the peak of a start).
    var residentWithRows: Int
    /// Once they are gone: what the server keeps (memory, store connections).
    var residentAfter: Int
    var peakResident: Int

    /// The start's cost: reading, mapping, replaying and pruning (the store's open is apart).
    var total: ProcessMeter.Span { read + map + rebuild + prune }
}

/// Opens the store at `path` and rebuilds a memory with the server's default settings (window 24 h, a
/// million customers, 50 contacts each) the way `SwitchboardServer.recoveredSignals` and
/// `HubCore.restoreSignals` do: `recentContacts(since: now − window)`, each row mapped to a
/// `StoredContact`, `rebuild(from:)`, then `prune(now:)`.
func measureRebuild(path: String) async throws -> RebuildResult {
    let residentStart = ProcessMeter.trimmedResidentBytes()
    let settings = CustomerMemorySettings()
    var memory = CustomerMemory(settings: settings)
    let t0 = ProcessMeter.Instant.now()
    let store = try Store(path: path)
    let t1 = ProcessMeter.Instant.now()
    let residentOpened = ProcessMeter.residentBytes()
    var result = try await replay(store, into: &memory, windowMs: settings.windowMs)
    result.open = ProcessMeter.Span(from: t0, to: t1)
    result.residentStart = residentStart
    result.residentOpened = residentOpened
    withExtendedLifetime(memory) {
        result.residentAfter = ProcessMeter.trimmedResidentBytes()
    }
    result.peakResident = ProcessMeter.peakResidentBytes()
    result.customers = memory.count
    result.forgottenByCap = memory.forgottenByCap
    var contacts = 0
    var open = 0
    for customer in memory.customers() {
        let kept = memory.contacts(of: customer)
        contacts += kept.count
        open += kept.reduce(0) { $0 + ($1.isOpen ? 1 : 0) }
    }
    result.contacts = contacts
    result.openContacts = open
    await store.close()
    return result
}

/// The timed stages; the rows and contacts die on return, as they do after the server's restore.
private func replay(_ store: Store, into memory: inout CustomerMemory, windowMs: Int64) async throws -> RebuildResult {
    let now = ProcessMeter.wallMilliseconds()
    let t1 = ProcessMeter.Instant.now()
    let rows = try await store.recentContacts(since: now - windowMs, topicAttribute: "topic")
    let t2 = ProcessMeter.Instant.now()
    let stored = rows.map { row in
        StoredContact(customer: row.customerId, interaction: InteractionID(row.id), channel: Channel(rawValue: row.channel) ?? .voice,
                      queue: QueueID(row.queue), topic: row.topic, agent: row.agentId.map { AgentID($0) }, disposition: row.disposition,
                      enqueuedAt: row.enqueuedAt, answeredAt: row.answeredAt, finishedAt: row.finishedAt)
    }
    let t3 = ProcessMeter.Instant.now()
    memory.rebuild(from: stored)
    let t4 = ProcessMeter.Instant.now()
    memory.prune(now: now)
    let t5 = ProcessMeter.Instant.now()
    let residentWithRows = withExtendedLifetime((rows, stored)) { ProcessMeter.residentBytes() }
    return RebuildResult(
        open: ProcessMeter.Span(), read: ProcessMeter.Span(from: t1, to: t2), map: ProcessMeter.Span(from: t2, to: t3),
        rebuild: ProcessMeter.Span(from: t3, to: t4), prune: ProcessMeter.Span(from: t4, to: t5), rows: rows.count,
        customers: 0, contacts: 0, openContacts: 0, forgottenByCap: 0, residentStart: 0, residentOpened: 0, residentWithRows: residentWithRows,
        residentAfter: 0, peakResident: 0)
}
