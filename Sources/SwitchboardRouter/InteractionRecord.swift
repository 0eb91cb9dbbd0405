/// Everything the router keeps about one interaction while it is routed.
struct InteractionRecord {
    enum Phase: Equatable { case waiting, offered, active }
    enum Placement: Equatable { case none, bucket(Int32), preferred }

    var id: InteractionID
    /// Arrival order, unique for the router's life; the last tie-break everywhere.
    var serial: UInt64
    var queue: Int32
    var channel: Int
    var priority: Int
    /// Requirements given by the request, replacing the queue's default ones.
    var override: [Requirement]?
    var relaxStep = 0
    /// Effective requirements now.
    var requirements: [Requirement]
    /// Original enqueue instant: kept across requeue, overflow and transfer.
    var enqueuedAt: Int64
    /// Entry into the current queue: relaxation and max wait count from here.
    var queueEnteredAt: Int64
    var queueGeneration: UInt32 = 0
    var waitGeneration: UInt32 = 0
    var placeGeneration: UInt32 = 0
    var phase: Phase = .waiting
    var placement: Placement = .none
    var offers: [PendingOffer] = []
    var activeAgent: Int32 = -1
    var assignedAt: Int64 = 0
    var skips: [Skip] = []
    var preferredAgent: AgentID?
    /// Only the preferred agent may take it until the fallback timer fires.
    var preferredActive = false
    /// Which presence of the preferred agent is worth waiting for.
    var preferredPresence: PreferredAgentPresence = .loggedIn
    var customerId: String?
    var tier: String?
    var attributes: [String: String]
    /// Demanding work: shielded agents get it only when no unshielded one can take it.
    var demanding = false
    /// Its tier's rank in the configuration (−1: untiered, or a tier name not configured).
    var tierRank: Int32 = -1
    /// Its tier's priority boost, added to `priority` wherever waiting work is ordered (0 untiered).
    var boost = 0
    /// In its tier's dedicated phase: only the tier's dedicated agents may take it.
    var dedicatedOnly = false
    var alive = true

    @inline(__always)
    func skips(_ agent: Int32) -> Bool {
        skips.isEmpty ? false : skips.contains { $0.agent == agent }
    }
}

struct PendingOffer {
    var agent: Int32
    var expiresAt: Int64
}

struct Skip {
    var agent: Int32
    var until: Int64
}
