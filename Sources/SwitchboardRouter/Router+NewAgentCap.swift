// A queue's cap on a new agent's demanding chats (`QueueConfiguration.newAgentDemandingChats`): an
// agent at stage `new` holding N demanding chats (offered, active or in wrap-up, in any queue) is not
// eligible for a demanding chat of a queue whose cap is N or less. A hard rule like the minimum stage:
// the work waits for someone else rather than go to that agent. A preferred agent held back by it is
// still waited for, as for capacity in use: the agent frees.
//
// The count is ``AgentRecord/demandingChats``, kept with the load (``Router/addLoad(_:channel:demanding:)``
// and ``Router/removeLoad(_:channel:demanding:)``): every offer, requeue, accept, completion, wrap-up
// end, transfer, logout and restore already passes there, and the checks read one field instead of
// walking the agent's offers, work and wrap-ups for every candidate. Caps compare as `Int32` with
// `Int32.max` for "no cap", so an uncapped pick costs one comparison that always passes.

extension AgentRecord {
    /// The demanding chats a queue's cap counts against this agent: its own count when it is new,
    /// `Int32.min` otherwise (below every cap).
    @inline(__always)
    var demandingChatsAgainstCap: Int32 {
        stage == AgentStage.new.rank ? demandingChats : .min
    }

    /// Whether the agent may take one more demanding chat under `cap` (`Int32.max`: no cap).
    @inline(__always)
    func withinDemandingChatCap(_ cap: Int32) -> Bool {
        demandingChatsAgainstCap < cap
    }
}

extension Router {
    /// The cap on new agents that applies to the interaction in `slot`: its queue's
    /// `newAgentDemandingChats` when it is a demanding chat, else `Int32.max` (none).
    @inline(__always)
    func newAgentDemandingChatCap(for slot: Int32) -> Int32 {
        let s = Int(slot)
        return newAgentDemandingChatCap(queue: interactions[s].queue, channel: interactions[s].channel, demanding: interactions[s].demanding)
    }

    /// The cap on new agents for work of queue `q` on channel `c`, demanding or not (a bucket's, at creation).
    @inline(__always)
    func newAgentDemandingChatCap(queue q: Int32, channel c: Int, demanding: Bool) -> Int32 {
        demanding && c == Channel.chat.index ? queues[Int(q)].newAgentDemandingChats : .max
    }
}
