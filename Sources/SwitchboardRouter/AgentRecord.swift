/// Everything the router keeps about one agent of the roster.
struct AgentRecord {
    // Fields a pick reads for every candidate come first, together (one cache line): readiness,
    // proficiency, stage, shielding, caps, reserves, idle order and the strategies' keys.
    /// Proficiency by skill id (0 = none); shorter than the skill table when later skills are absent.
    var levels: [UInt8] = []
    /// Channels the agent is in the ready lists for.
    var readyMask: UInt8 = 0
    /// Its profile's stage, as ``AgentStage/rank``.
    var stage: UInt8 = AgentStage.experienced.rank
    /// Kept from demanding work while an unshielded agent can take it: shielded on request, or new.
    var shielded = false
    /// `tiers` is not empty, and one of them keeps a reserve: read as plain fields on the hot paths
    /// (the array's count would cost a load from its buffer for every candidate).
    var isDedicated = false
    var reserveBound = false
    /// Demanding interactions held on the chat channel (offered, active or in wrap-up), whatever the
    /// agent's stage, so a change of stage needs no recount; kept with the load.
    var demandingChats: Int32 = 0
    /// Idle stamp: renewed at every change of state or load; smaller is longer idle.
    var stamp: UInt64 = 0
    var totalLoad = 0
    /// Total capacity used by least-occupied: the optional total, else the sum over channels.
    var capacityForOccupancy = 0
    /// Interactions accepted since login (fewest-handled).
    var handled = 0

    var id: AgentID
    var profile: AgentProfile
    /// In the current configuration's roster; removed agents keep their index (tombstone).
    var inRoster = true
    /// Removed from the roster while holding work: logged out once the work is done.
    var retiring = false
    var state: AgentState = .offline
    /// Ids of skills held, ascending.
    var skills: [Int32] = []
    var capacity: [Int32] = Array(repeating: 0, count: Channel.count)
    var totalLimit = Int.max
    /// Offers, active interactions and wrap-ups held, per channel.
    var load: [Int32] = Array(repeating: 0, count: Channel.count)
    var exclusiveLoad = 0
    /// Interaction slots with a pending offer to this agent, in offer order.
    var offers: [Int32] = []
    /// Interaction slots the agent is handling.
    var active: [Int32] = []
    var wrapUps: [WrapUp] = []
    /// Its nodes in the ready lists.
    var nodes: [Int32] = []
    /// Its nodes in the tiers' ready lists (``Router/tierReady``).
    var tierNodes: [Int32] = []
    /// Queues this agent can serve (channel and default requirements), for per-queue staffing counts.
    var queues: [Int32] = []
    var countedAvailable = false
    var countedBusy = false
    /// Shielded by ``RoutingCommand/setShielded(_:_:)`` (kept across logins and profile changes).
    var shieldRequested = false
    /// Tiers the agent is dedicated to, as ranks, highest first (ascending).
    var tiers: [Int32] = []
    /// Available and holding no work (offer, active or wrap-up), as of its last re-index: counted
    /// toward its tiers' reserves.
    var free = false
    /// Became free since its last dispatch (and still is): other dedicated agents its freedom lifts a
    /// reserve for look for work again.
    var becameFree = false

    init(id: AgentID, profile: AgentProfile) {
        self.id = id
        self.profile = profile
    }

    @inline(__always)
    func level(_ skill: Int32) -> Int32 {
        Int(skill) < levels.count ? Int32(levels[Int(skill)]) : 0
    }

    @inline(__always)
    func meets(_ requirements: [Requirement]) -> Bool {
        for r in requirements where level(r.skill) < r.level { return false }
        return true
    }

    /// Whether the agent's stage admits a queue's work (`minimumStage` as a rank; 0 admits all).
    @inline(__always)
    func admitted(minimumStage: UInt8) -> Bool { stage >= minimumStage }

    var holdsWork: Bool { !offers.isEmpty || !active.isEmpty || !wrapUps.isEmpty }

    // Pattern matches, not `==`: no temporary state value (and its string) on the hot path.
    var isLoggedIn: Bool {
        if case .offline = state { return false }
        return true
    }

    var isAvailable: Bool {
        if case .available = state { return true }
        return false
    }

    /// Channels on which the agent could take one more interaction now.
    func computeReadyMask(exclusiveChannels: UInt8) -> UInt8 {
        guard isAvailable, inRoster, !retiring, exclusiveLoad == 0, totalLoad < totalLimit else { return 0 }
        var mask: UInt8 = 0
        for c in 0..<Channel.count where load[c] < capacity[c] {
            let bit = UInt8(1) << UInt8(c)
            if exclusiveChannels & bit != 0 && totalLoad > 0 { continue }
            mask |= bit
        }
        return mask
    }
}

/// After-contact work on one interaction; holds the agent's capacity on that channel until it ends.
struct WrapUp {
    var interaction: InteractionID
    var serial: UInt64
    var channel: Int
    var queue: QueueID
    /// Whether the interaction is demanding (a demanding chat's wrap-up counts toward a new agent's cap).
    var demanding: Bool
    var startedAt: Int64
    var until: Int64
}

extension AgentStage {
    /// The stage's place in the order (`new` 0, `learning` 1, `experienced` 2), compared on the hot path
    /// without searching `allCases`.
    @inline(__always)
    var rank: UInt8 {
        switch self {
        case .new: 0
        case .learning: 1
        case .experienced: 2
        }
    }
}
