import HeapModule

/// Interactions waiting in one queue, on one channel, with one effective requirement set, all
/// demanding or all not (a shielded agent reads the two kinds apart), of one tier and tier phase
/// (work in its dedicated phase is read by the tier's dedicated agents alone).
///
/// Within a bucket every interaction shares the queue's aging rate, so the aged priority
/// `p + rate·(now − t0)` orders exactly as the static key `p − rate·t0`: a heap keyed once at insert
/// stays valid as time passes. Entries are invalidated lazily (generation counter on the interaction)
/// and dropped when they surface; the heap is rebuilt when stale entries outnumber live ones.
///
/// - Complexity: insert O(log n); best entry O(1) amortized; removal O(1) (lazy) + amortized O(log n).
struct WaitingBucket {
    let queue: Int32
    let channel: Int
    let requirements: [Requirement]
    /// The queue's aging rate (milli-points per second), to compare with other buckets at `now`.
    let agingRate: Int64
    /// Whether its interactions are demanding.
    let demanding: Bool
    /// The queue's minimum stage as a rank (0 admits every stage).
    let minimumStage: UInt8
    /// The queue's cap on a new agent's demanding chats when this bucket holds demanding chats, else
    /// `Int32.max`: compared with ``AgentRecord/demandingChatsAgainstCap``.
    let newAgentDemandingChats: Int32
    /// Its interactions' tier rank (−1 untiered).
    let tier: Int32
    /// Its interactions are in their tier's dedicated phase: only the tier's dedicated agents read it.
    let dedicatedOnly: Bool
    var heap: Heap<WaitEntry> = []
    /// Interactions currently placed here (the heap may hold more, stale, entries).
    var live: Int = 0
    /// The best valid entry, kept current on every insert and removal, so scanning buckets for a
    /// freed agent reads one value per bucket and never touches the heap.
    var best: WaitEntry?

    /// The requirement count and, inline, the first requirement (most buckets have exactly one).
    let requirementCount: Int
    let firstSkill: Int32
    let firstLevel: Int32

    init(queue: Int32, channel: Int, requirements: [Requirement], agingRate: Int64, demanding: Bool, minimumStage: UInt8,
         newAgentDemandingChats: Int32, tier: Int32 = -1, dedicatedOnly: Bool = false) {
        self.queue = queue
        self.channel = channel
        self.requirements = requirements
        self.agingRate = agingRate
        self.demanding = demanding
        self.minimumStage = minimumStage
        self.newAgentDemandingChats = newAgentDemandingChats
        self.tier = tier
        self.dedicatedOnly = dedicatedOnly
        requirementCount = requirements.count
        firstSkill = requirements.first?.skill ?? -1
        firstLevel = requirements.first?.level ?? 0
    }
}

/// A heap entry: the "smallest" entry is the best one to serve next.
struct WaitEntry: Comparable {
    /// `priority·10⁶ − rate·t0ms` (micro-points): higher is better.
    var key: Int64
    /// Original enqueue instant, for the longest-wait tie-break.
    var enqueuedAt: Int64
    /// Arrival serial, the final tie-break (unique).
    var serial: UInt64
    var slot: Int32
    var generation: UInt32

    @inline(__always)
    static func < (a: WaitEntry, b: WaitEntry) -> Bool {
        if a.key != b.key { return a.key > b.key }
        if a.enqueuedAt != b.enqueuedAt { return a.enqueuedAt < b.enqueuedAt }
        return a.serial < b.serial
    }

    static func == (a: WaitEntry, b: WaitEntry) -> Bool {
        a.serial == b.serial && a.generation == b.generation && a.key == b.key
    }
}

/// The key a queue gives an interaction: aged priority at `now` is `key + rate·nowMs`.
@inline(__always)
func staticPriorityKey(priority: Int, agingRate: Int64, enqueuedAt: Int64) -> Int64 {
    Int64(priority) &* 1_000_000 &- agingRate &* floorMilliseconds(enqueuedAt)
}

@inline(__always)
func floorMilliseconds(_ nanoseconds: Int64) -> Int64 {
    nanoseconds >= 0 ? nanoseconds / 1_000_000 : (nanoseconds - 999_999) / 1_000_000
}
