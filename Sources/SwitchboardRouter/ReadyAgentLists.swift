/// The agent index: for every (channel, skill) an intrusive doubly linked list of the agents who are
/// ready for that channel and hold that skill, in longest-idle order; plus one list per channel
/// holding every ready agent (for interactions without requirements).
///
/// An agent's idle stamp is renewed at each change of its state or load, and it is then appended at
/// the tail, so each list stays sorted by stamp without ever comparing: the head is the longest idle.
/// Nodes live in flat `Int32` arrays recycled through a free list; no allocation once warmed up.
///
/// - Complexity: append and unlink O(1); re-indexing an agent O(channels ready × skills held);
///   finding the longest-idle eligible agent O(1 + agents skipped), walking the shortest list among
///   the required skills.
struct ReadyAgentLists {
    private(set) var head: [Int32] = []
    private(set) var tail: [Int32] = []
    private(set) var count: [Int32] = []
    private(set) var next: [Int32] = []
    private var prev: [Int32] = []
    private(set) var agent: [Int32] = []
    private var list: [Int32] = []
    private var free: [Int32] = []

    /// The list of `channel` for `skill`; skill −1 is the every-ready-agent list.
    @inline(__always)
    static func listIndex(channel: Int, skill: Int32) -> Int {
        (Int(skill) + 1) &* Channel.count &+ channel
    }

    mutating func ensureCapacity(skills: Int) {
        let needed = (skills + 1) * Channel.count
        if head.count < needed {
            let extra = needed - head.count
            head.append(contentsOf: repeatElement(-1, count: extra))
            tail.append(contentsOf: repeatElement(-1, count: extra))
            count.append(contentsOf: repeatElement(0, count: extra))
        }
    }

    @inline(__always)
    func size(_ listIndex: Int) -> Int {
        listIndex < count.count ? Int(count[listIndex]) : 0
    }

    @inline(__always)
    func first(_ listIndex: Int) -> Int32 {
        listIndex < head.count ? head[listIndex] : -1
    }

    /// Appends `agentIndex` at the tail of a list and returns its node.
    mutating func append(agent agentIndex: Int32, to listIndex: Int) -> Int32 {
        let node: Int32
        if let reused = free.popLast() {
            node = reused
            agent[Int(node)] = agentIndex
            list[Int(node)] = Int32(listIndex)
        } else {
            node = Int32(next.count)
            next.append(-1)
            prev.append(-1)
            agent.append(agentIndex)
            list.append(Int32(listIndex))
        }
        let n = Int(node)
        let t = tail[listIndex]
        prev[n] = t
        next[n] = -1
        if t >= 0 { next[Int(t)] = node } else { head[listIndex] = node }
        tail[listIndex] = node
        count[listIndex] &+= 1
        return node
    }

    mutating func remove(_ node: Int32) {
        let n = Int(node)
        let l = Int(list[n])
        let p = prev[n]
        let x = next[n]
        if p >= 0 { next[Int(p)] = x } else { head[l] = x }
        if x >= 0 { prev[Int(x)] = p } else { tail[l] = p }
        count[l] &-= 1
        free.append(node)
    }
}
