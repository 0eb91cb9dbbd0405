/// The agent index: for every (channel, skill) an intrusive doubly linked list of the agents who are
/// ready for that channel and hold that skill, in longest-idle order; plus one list per channel
/// holding every ready agent (for interactions without requirements).
///
/// An agent's idle stamp is renewed at each change of its state or load, and it is then appended at
/// the tail, so each list stays sorted by stamp without ever comparing: the head is the longest idle.
/// Nodes live in one flat array recycled through a free list; no allocation once warmed up.
///
/// An agent that stops being ready (an offer, a break) keeps its nodes in place: whoever walks a
/// list skips and detaches nodes of agents no longer ready (lazy deletion), and the agent's next
/// re-index recycles them. So a decision pays for the nodes it walks, and the agent's full
/// re-index is paid once, when it frees.
///
/// - Complexity: append and unlink O(1); re-indexing an agent O(channels ready × skills held);
///   finding the longest-idle eligible agent O(1 + agents skipped), walking the shortest list among
///   the required skills.
struct ReadyAgentLists {
    struct Node {
        var prev: Int32
        var next: Int32
        var agent: Int32
        var list: Int32
    }

    struct List {
        var head: Int32 = -1
        var tail: Int32 = -1
        var count: Int32 = 0
    }

    private(set) var lists: [List] = []
    private(set) var nodes: [Node] = []
    /// Recycled nodes; readable for the router's invariant checks.
    private(set) var free: [Int32] = []
    /// Scratch copy of an agent's nodes while it is re-indexed (kept to avoid allocating).
    private var oldNodes: [Int32] = []

    /// The list of `channel` for `skill`; skill −1 is the every-ready-agent list.
    @inline(__always)
    static func listIndex(channel: Int, skill: Int32) -> Int {
        (Int(skill) + 1) &* Channel.count &+ channel
    }

    mutating func ensureCapacity(skills: Int) {
        let needed = (skills + 1) * Channel.count
        if lists.count < needed {
            lists.append(contentsOf: repeatElement(List(), count: needed - lists.count))
        }
    }

    @inline(__always)
    func size(_ listIndex: Int) -> Int {
        listIndex < lists.count ? Int(lists[listIndex].count) : 0
    }

    @inline(__always)
    func first(_ listIndex: Int) -> Int32 {
        listIndex < lists.count ? lists[listIndex].head : -1
    }

    @inline(__always)
    func agent(_ node: Int32) -> Int32 { nodes[Int(node)].agent }

    @inline(__always)
    func next(_ node: Int32) -> Int32 { nodes[Int(node)].next }

    /// Appends `agentIndex` at the tail of a list and returns its node.
    mutating func append(agent agentIndex: Int32, to listIndex: Int) -> Int32 {
        let tail = lists[listIndex].tail
        let fresh = Node(prev: tail, next: -1, agent: agentIndex, list: Int32(listIndex))
        let node: Int32
        if let reused = free.popLast() {
            node = reused
            nodes[Int(node)] = fresh
        } else {
            node = Int32(nodes.count)
            nodes.append(fresh)
        }
        if tail >= 0 { nodes[Int(tail)].next = node } else { lists[listIndex].head = node }
        lists[listIndex].tail = node
        lists[listIndex].count &+= 1
        return node
    }

    /// Unlinks a node (if still linked) and recycles it.
    mutating func remove(_ node: Int32) {
        detach(node)
        free.append(node)
    }

    /// Unlinks a node of an agent no longer ready; the agent still owns it until its next re-index.
    mutating func detach(_ node: Int32) {
        nodes.withUnsafeMutableBufferPointer { nodes in
            let n = nodes[Int(node)]
            let l = Int(n.list)
            guard l >= 0 else { return }
            lists.withUnsafeMutableBufferPointer { lists in
                if n.prev >= 0 { nodes[Int(n.prev)].next = n.next } else { lists[l].head = n.next }
                if n.next >= 0 { nodes[Int(n.next)].prev = n.prev } else { lists[l].tail = n.prev }
                lists[l].count &-= 1
            }
            nodes[Int(node)].list = -1
        }
    }

    /// Re-indexes one agent: unlinks all its nodes, then appends it to the lists of every ready
    /// channel (the every-agent list and one per skill held). Done on raw buffers in one pass:
    /// this runs on every decision.
    mutating func relink(agent a: Int32, nodes held: inout [Int32], mask: UInt8, skills: [Int32]) {
        // Not ready: leave the nodes where they are; list walkers detach them lazily.
        if mask == 0 { return }
        let needed = mask == 0 ? 0 : mask.nonzeroBitCount * (skills.count + 1)
        // Reuse the agent's own nodes first, then the free list, then grow.
        while free.count + held.count < needed {
            free.append(Int32(nodes.count))
            nodes.append(Node(prev: -1, next: -1, agent: -1, list: -1))
        }
        oldNodes.removeAll(keepingCapacity: true)
        for node in held { oldNodes.append(node) }
        held.removeAll(keepingCapacity: true)
        nodes.withUnsafeMutableBufferPointer { nodes in
            lists.withUnsafeMutableBufferPointer { lists in
                for node in oldNodes {
                    let n = nodes[Int(node)]
                    let l = Int(n.list)
                    if l < 0 { continue }
                    if n.prev >= 0 { nodes[Int(n.prev)].next = n.next } else { lists[l].head = n.next }
                    if n.next >= 0 { nodes[Int(n.next)].prev = n.prev } else { lists[l].tail = n.prev }
                    lists[l].count &-= 1
                }
                var spare = oldNodes.count
                for c in 0..<Channel.count where mask & (1 << UInt8(c)) != 0 {
                    var k = -1
                    while k < skills.count {
                        let listIndex = Self.listIndex(channel: c, skill: k < 0 ? -1 : skills[k])
                        k += 1
                        let node: Int32
                        if spare > 0 {
                            spare -= 1
                            node = oldNodes[spare]
                        } else {
                            node = free.removeLast()
                        }
                        let tail = lists[listIndex].tail
                        nodes[Int(node)] = Node(prev: tail, next: -1, agent: a, list: Int32(listIndex))
                        if tail >= 0 { nodes[Int(tail)].next = node } else { lists[listIndex].head = node }
                        lists[listIndex].tail = node
                        lists[listIndex].count &+= 1
                        held.append(node)
                    }
                }
                for k in 0..<spare { free.append(oldNodes[k]) }
                oldNodes.removeAll(keepingCapacity: true)
            }
        }
    }
}
