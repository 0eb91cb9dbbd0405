import Foundation
import SwitchboardStore

/// What writing the store file took.
struct FixtureSummary {
    var path: String
    var interactions: Int
    var events: Int
    var completed: Int
    var abandoned: Int
    /// Answered and not completed yet, or still waiting: their outcome lies after the present.
    var open: Int
    var customers: Int
    var elapsed: ProcessMeter.Span
    var fileBytes: Int
}

/// Writes a new store file of recent contacts through the store's own writer, as the server would have:
/// `enqueued`, then `accepted`, `completed` (with a disposition) and `wrap_up_ended` for 80 %, and
/// `abandoned` for 17 %; 3 % are still waiting. Enqueue instants are spread evenly over the last
/// `hours`, customers drawn uniformly from a pool, a topic attribute on half. An outcome that would lie
/// after the present is left out, so the most recent contacts are still open, as at a real restart.
///
/// Writing uses `synchronous=NORMAL` and large transactions, only to be quick; reading does not depend
/// on either.
func writeStoreFixture(options: Options) async throws -> FixtureSummary {
    let path = (options.directory as NSString).appendingPathComponent("customer-memory-\(getpid()).sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    var configuration = StoreConfiguration()
    configuration.syncEveryCommit = false
    configuration.maxBatchSize = 20_000
    let store = try Store(path: path, configuration: configuration)

    let start = ProcessMeter.Instant.now()
    let now = ProcessMeter.wallMilliseconds()
    let span = Int64(options.hours * 3_600_000)
    let first = now - span
    let step = max(1, span / Int64(options.interactions))
    var random = SplitMix64(seed: options.seed)
    var seen = Set<Int>()
    var summary = FixtureSummary(path: path, interactions: options.interactions, events: 0, completed: 0, abandoned: 0, open: 0,
                                 customers: 0, elapsed: ProcessMeter.Span(), fileBytes: 0)
    var unflushed = 0
    var batch: [StoreEvent] = []
    batch.reserveCapacity(4_096)
    let channels = ["voice", "chat", "email", "sms", "callback", "video"]
    for n in 0..<options.interactions {
        let at = first + Int64(n) * step
        let customer = Int(random.next() % UInt64(options.customerPool))
        seen.insert(customer)
        let h = random.next()
        let id = Vocabulary.interaction(n, options.ids)
        let topic = h & 1 == 0 ? #""topic":"\#(Vocabulary.topics[Int((h >> 4) % 6)])","# : ""
        let interaction = NewInteraction(
            id: id, source: "crm", queue: Vocabulary.queues[Int((h >> 12) % 8)], channel: channels[Int((h >> 20) % 6)],
            priority: 50, customerId: Vocabulary.customer(customer), attributes: "{\(topic)\"lang\":\"en\"}")
        batch.append(.enqueued(interaction, at: at))
        let wait = 5_000 + Int64((h >> 28) % 115_000)
        let outcome = (h >> 48) % 100
        if at + wait > now || outcome >= 97 {
            summary.open += 1
        } else if outcome < 80 {
            let agent = Vocabulary.agent(Int((h >> 36) % UInt64(Vocabulary.agentCount)))
            let talk = 60_000 + Int64((h >> 8) % 840_000)
            batch.append(.interaction(.accepted, id, at: at + wait, agentId: agent))
            if at + wait + talk + 30_000 <= now {
                batch.append(.interaction(.completed, id, at: at + wait + talk, agentId: agent,
                                          disposition: Vocabulary.dispositions[Int((h >> 24) % 5)]))
                batch.append(.interaction(.wrapUpEnded, id, at: at + wait + talk + 30_000, agentId: agent))
                summary.completed += 1
            } else {
                summary.open += 1
            }
        } else {
            batch.append(.interaction(.abandoned, id, at: at + wait))
            summary.abandoned += 1
        }
        if batch.count >= 4_000 {
            summary.events += batch.count
            unflushed += batch.count
            store.record(batch)
            batch.removeAll(keepingCapacity: true)
            // Keeps what waits for the writer bounded.
            if unflushed >= 200_000 {
                try await store.flush()
                unflushed = 0
                note("  written \(n + 1) of \(options.interactions) interactions")
            }
        }
    }
    summary.events += batch.count
    store.record(batch)
    try await store.flush()
    await store.close()
    summary.elapsed = ProcessMeter.Span(from: start, to: ProcessMeter.Instant.now())
    summary.customers = seen.count
    summary.fileBytes = fileBytes(path)
    return summary
}

/// The store file and its log, in bytes.
func fileBytes(_ path: String) -> Int {
    ["", "-wal"].reduce(0) { total, suffix in
        total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0)
    }
}
