extension CustomerMemory {
    /// Replaces what the memory holds by replaying stored contacts, given oldest first (by `enqueuedAt`):
    /// arrivals and finishes in time order, an arrival before a finish at the same instant, the
    /// assignment of a contact that had an agent right after its arrival. Afterwards the memory is what
    /// the same events fed live would have left (call `prune(now:)` to apply the window at the current
    /// instant). Counters restart from the replay's.
    ///
    /// - Complexity: O(n log n) for n contacts (the finishes are sorted), and O(1) amortized memory per
    ///   contact beyond what is kept.
    @discardableResult
    public mutating func rebuild(from contacts: [StoredContact]) -> CustomerMemoryRebuild {
        removeAll()
        // A finish never precedes its own arrival, even in a record whose instants disagree.
        var finishes: [(at: Int64, index: Int)] = []
        for (i, contact) in contacts.enumerated() {
            if let finishedAt = contact.finishedAt { finishes.append((max(finishedAt, contact.enqueuedAt), i)) }
        }
        finishes.sort { $0.at != $1.at ? $0.at < $1.at : $0.index < $1.index }
        var nextFinish = 0
        for contact in contacts {
            while nextFinish < finishes.count, finishes[nextFinish].at < contact.enqueuedAt {
                replayFinish(of: contacts[finishes[nextFinish].index], at: finishes[nextFinish].at)
                nextFinish += 1
            }
            _ = admit(
                customer: contact.customer, interaction: contact.interaction, channel: contact.channel, queue: contact.queue,
                topic: contact.topic, at: contact.enqueuedAt
            )
            if let agent = contact.agent {
                assigned(customer: contact.customer, interaction: contact.interaction, agent: agent, at: contact.answeredAt ?? contact.enqueuedAt)
            }
        }
        for (at, i) in finishes[nextFinish...] { replayFinish(of: contacts[i], at: at) }
        return CustomerMemoryRebuild(contacts: contacts.count, customers: count, forgottenByCap: forgottenByCap)
    }

    private mutating func replayFinish(of contact: StoredContact, at instant: Int64) {
        finished(customer: contact.customer, interaction: contact.interaction, disposition: contact.disposition, at: instant)
    }
}
