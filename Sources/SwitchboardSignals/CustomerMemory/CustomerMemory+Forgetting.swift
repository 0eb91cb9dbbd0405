public import SwitchboardRouter

extension CustomerMemory {
    /// Forgets the customers whose last sighting (arrival or finish) left the window at `now` and who
    /// hold no open interaction; those still holding one are set aside, to be forgotten after it finishes
    /// (and their sighting leaves the window in turn). Returns how many were forgotten.
    ///
    /// Call it every so often (each arrival, or each second): it looks only at the least recently seen.
    ///
    /// - Complexity: O(1) per customer forgotten or set aside.
    @discardableResult
    public mutating func prune(now: Int64) -> Int {
        var forgotten = 0
        while !recent.isEmpty {
            let slot = recent.head
            let s = Int(slot)
            guard now - slots[s].lastSeen >= settings.windowMs else { break }
            if slots[s].open == 0 {
                forget(slot)
                forgotten += 1
            } else {
                recent.remove(slot, in: &slots)
                held.append(slot, in: &slots)
                slots[s].held = true
            }
        }
        pruned += forgotten
        return forgotten
    }

    /// Applies new settings at once: customers beyond a lower cap are forgotten (least recently seen
    /// first), contacts beyond a lower per-customer cap dropped, and a shorter window pruned at `now`.
    ///
    /// - Complexity: O(customers) when the per-customer cap shrinks; otherwise that of `prune` plus O(1)
    ///   per customer forgotten.
    public mutating func reconfigure(_ settings: CustomerMemorySettings, now: Int64) {
        let old = self.settings
        self.settings = settings
        if settings.maxContactsPerCustomer < old.maxContactsPerCustomer {
            for slot in index.values { dropContactsBeyondCap(slot) }
        }
        while index.count > settings.maxCustomers { forgetLeastRecentlySeen() }
        prune(now: now)
    }

    /// Forgets every customer and resets the counters.
    public mutating func removeAll() {
        slots = []
        freeSlots = []
        index = [:]
        recent.removeAll()
        held.removeAll()
        forgottenByCap = 0
        pruned = 0
        droppedContacts = 0
    }

    /// Makes room under the cap: forgets the customer seen least recently, set aside or not.
    mutating func forgetLeastRecentlySeen() {
        let slot = held.isEmpty ? recent.head : held.head
        guard slot != SlotList.none else { return }
        forget(slot)
        forgottenByCap += 1
    }

    /// Takes back the contact `arrive` added for an interaction that was then refused, as if it never
    /// came: the customer is forgotten when it was their only contact. (Their place in the
    /// least-recently-seen order stays where the arrival put it.)
    public mutating func withdraw(customer: String, interaction: InteractionID) {
        guard let slot = index[customer], let i = slots[Int(slot)].contacts.lastIndex(where: { $0.interaction == interaction }) else { return }
        let s = Int(slot)
        if slots[s].contacts[i].isOpen { slots[s].open -= 1 }
        slots[s].contacts.remove(at: i)
        if slots[s].contacts.isEmpty { forget(slot) }
    }

    private mutating func forget(_ slot: Int32) {
        let s = Int(slot)
        if slots[s].held { held.remove(slot, in: &slots) } else { recent.remove(slot, in: &slots) }
        index.removeValue(forKey: slots[s].customer)
        slots[s] = .free
        freeSlots.append(slot)
    }
}
