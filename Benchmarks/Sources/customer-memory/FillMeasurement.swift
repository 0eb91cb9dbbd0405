import SwitchboardRouter
import SwitchboardSignals

/// What filling a `CustomerMemory` with `customers` × `perCustomer` contacts cost.
struct FillResult: Codable {
    var customers: Int
    var perCustomer: Int
    var ids: Options.IDStyle
    var held: Int
    var contacts: Int
    var residentBefore: Int
    var residentAfter: Int
    /// `arrive` alone, per round: round 1 meets every customer for the first time, later rounds repeat.
    var arriveRounds: [ProcessMeter.Span]
    /// `assigned` and `finished` for the contacts that had them, over all rounds.
    var follow: ProcessMeter.Span
    var followCalls: Int
    /// Sum of the contexts' contact counts, printed so the calls cannot be optimized away.
    var checksum: Int

    var residentDelta: Int { residentAfter - residentBefore }
    var bytesPerCustomer: Double { Double(residentDelta) / Double(max(1, held)) }
    var bytesPerContact: Double { Double(residentDelta) / Double(max(1, contacts)) }
    var arrive: ProcessMeter.Span { arriveRounds.reduce(ProcessMeter.Span(), +) }
}

/// Fills a memory (window 24 h, cap above the customers) round by round, as live traffic would: in each
/// round every customer arrives once, in a shuffled order (channels mixed, a topic on half), then the
/// round's contacts are followed up in the same order: 85 % assigned to an agent and finished with a
/// disposition, 10 % finished unassigned (abandoned), 5 % left open. Arrivals are spread over 20 hours,
/// so the window drops nothing.
///
/// Only the `arrive` loop is timed for the per-arrival figure. The round's customers and ids are laid
/// out in arrival order before it (outside the timing, so the loop reads them in sequence and every
/// cache miss it takes is the memory's own) and released after, so that the memory alone holds what
/// it stores.
func measureFill(customers: Int, perCustomer: Int, ids style: Options.IDStyle) -> FillResult {
    let names = (0..<customers).map(Vocabulary.customer)
    let channels = Channel.allCases
    let queues = Vocabulary.queues.map { QueueID($0) }
    let agents = (0..<Vocabulary.agentCount).map { AgentID(Vocabulary.agent($0)) }
    let topics = Vocabulary.topics
    let dispositions = Vocabulary.dispositions
    let rule = RepeatRule()
    var memory = CustomerMemory(settings: CustomerMemorySettings(
        windowMs: 24 * 3_600_000, maxCustomers: customers + customers / 10 + 1, maxContactsPerCustomer: 50))

    let residentBefore = ProcessMeter.trimmedResidentBytes()
    let origin: Int64 = 1_790_000_000_000
    let spacing = max(1, Int64(20 * 3_600_000) / Int64(customers * perCustomer))
    var arriveRounds: [ProcessMeter.Span] = []
    var follow = ProcessMeter.Span()
    var followCalls = 0
    var checksum = 0
    var random = SplitMix64(seed: 16)
    for round in 0..<perCustomer {
        note("  filling round \(round + 1) of \(perCustomer)")
        var arriving = names
        arriving.shuffle(using: &random)
        var interactions = (0..<customers).map { InteractionID(Vocabulary.interaction(round * customers + $0, style)) }
        let start = ProcessMeter.Instant.now()
        for i in 0..<customers {
            let n = round * customers + i
            let h = Vocabulary.mix(UInt64(n))
            let context = memory.arrive(
                customer: arriving[i], interaction: interactions[i], channel: channels[Int(h % 6)],
                queue: queues[Int((h >> 8) % 8)], topic: (h >> 16) & 1 == 0 ? topics[Int((h >> 20) % 6)] : nil,
                at: origin + Int64(n) * spacing, rule: rule)
            checksum &+= context.contacts
        }
        let arrived = ProcessMeter.Instant.now()
        for i in 0..<customers {
            let n = round * customers + i
            let h = Vocabulary.mix(UInt64(n))
            let at = origin + Int64(n) * spacing
            let outcome = (h >> 32) % 100
            if outcome < 85 {
                memory.assigned(customer: arriving[i], interaction: interactions[i], agent: agents[Int((h >> 40) % UInt64(agents.count))], at: at + 20_000)
                memory.finished(customer: arriving[i], interaction: interactions[i], disposition: dispositions[Int((h >> 24) % 5)], at: at + 320_000)
                followCalls += 2
            } else if outcome < 95 {
                memory.finished(customer: arriving[i], interaction: interactions[i], disposition: nil, at: at + 45_000)
                followCalls += 1
            }
        }
        let followed = ProcessMeter.Instant.now()
        arriveRounds.append(ProcessMeter.Span(from: start, to: arrived))
        follow = follow + ProcessMeter.Span(from: arrived, to: followed)
        interactions = []
        arriving = []
    }
    return withExtendedLifetime(names) {
        withExtendedLifetime(memory) {
            let residentAfter = ProcessMeter.trimmedResidentBytes()
            return FillResult(
                customers: customers, perCustomer: perCustomer, ids: style, held: memory.count,
                contacts: customers * perCustomer - memory.droppedContacts, residentBefore: residentBefore,
                residentAfter: residentAfter, arriveRounds: arriveRounds, follow: follow, followCalls: followCalls, checksum: checksum)
        }
    }
}
