import SwitchboardRouter

extension ReferenceRouter {
    /// Demanding chats the agent holds, counted from its offers, active work and wrap-ups.
    func demandingChatsHeld(by a: Int) -> Int {
        let held = (agents[a].offers + agents[a].active).filter { serial in
            items.contains { $0.serial == serial && $0.demanding && $0.channel == .chat }
        }
        return held.count + agents[a].wrapUps.filter { $0.demanding && $0.channel == .chat }.count
    }

    /// The queue's cap on a new agent's demanding chats: a new agent holding as many as the cap is not
    /// eligible for the queue's demanding chats (every other agent and every other interaction is).
    func withinNewAgentCap(_ a: Int, for item: Item) -> Bool {
        guard item.demanding, item.channel == .chat, agents[a].profile.stage == .new,
              let cap = q(item.queue).newAgentDemandingChats
        else { return true }
        return demandingChatsHeld(by: a) < cap
    }
}
