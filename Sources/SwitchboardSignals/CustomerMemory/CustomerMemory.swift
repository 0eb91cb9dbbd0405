public import SwitchboardRouter

/// Bounded memory of recently seen customers across channels: their contacts in the window, what the
/// earlier ones left behind (last agent, disposition, channel), and what they still hold open.
///
/// Pure, synchronous and deterministic: the caller passes every instant (wall-clock milliseconds, the
/// store's unit, so the memory can be rebuilt from it) and drives it from one thread.
///
/// - `arrive` adds a contact and returns the `CustomerContext` an offer shows; `assigned` and `finished`
///   follow it. Events for a customer or interaction the memory no longer holds are ignored.
/// - The window: a contact that arrived at `t` is in the window at `now` iff `now − t < windowMs`. What a
///   context or summary shows comes from the kept contacts in the window only, whenever pruning runs.
/// - `prune(now:)` forgets customers whose last sighting (arrival or finish) left the window and who
///   hold nothing open; customers still holding an open interaction are set aside until it finishes.
/// - The cap: a new customer beyond `maxCustomers` forgets the customer seen least recently (arrival or
///   finish), even one holding open interactions (its later events are then ignored, and its next
///   contact counts as a first). Beyond `maxContactsPerCustomer` a customer's oldest contact is dropped.
///
/// Customers are slots in one array, threaded on two least-recently-seen lists (`SlotList`): `recent`,
/// and `held` for those pruning set aside. Everyone on `held` was seen before everyone on `recent`, so
/// `held` then `recent` is the whole order, and pruning and the cap only ever look at list heads.
///
/// - Complexity: `arrive`, `assigned`, `finished`: O(1) expected (one hash lookup) plus O(c), c = the
///   customer's kept contacts (≤ `maxContactsPerCustomer`). `prune`: O(1) per customer forgotten or set
///   aside. Memory: O(customers + kept contacts); the slot array never exceeds `maxCustomers`.
public struct CustomerMemory: Sendable {
    struct Slot: SlotListNode, Sendable {
        var customer: String
        /// Kept contacts in arrival order, oldest first.
        var contacts: [CustomerContact]
        /// The latest arrival or finish.
        var lastSeen: Int64
        /// Kept contacts not finished yet.
        var open: Int32
        var previous: Int32 = SlotList.none
        var next: Int32 = SlotList.none
        /// On `held` rather than `recent`.
        var held = false

        static let free = Slot(customer: "", contacts: [], lastSeen: 0, open: 0)
    }

    public internal(set) var settings: CustomerMemorySettings
    var slots: [Slot] = []
    var freeSlots: [Int32] = []
    var index: [String: Int32] = [:]
    /// Customers in least-recently-seen order.
    var recent = SlotList()
    /// Customers whose last sighting left the window while they hold an open interaction.
    var held = SlotList()

    /// Customers forgotten because the cap was reached (since the start or the last rebuild).
    public internal(set) var forgottenByCap = 0
    /// Customers forgotten by `prune` (since the start or the last rebuild).
    public internal(set) var pruned = 0
    /// Contacts dropped because their customer already had `maxContactsPerCustomer` (since the start or the last rebuild).
    public internal(set) var droppedContacts = 0

    public init(settings: CustomerMemorySettings = CustomerMemorySettings()) {
        self.settings = settings
    }

    /// Customers held.
    public var count: Int { index.count }

    public var isEmpty: Bool { index.isEmpty }

    public func contains(_ customer: String) -> Bool { index[customer] != nil }

    // MARK: Events

    /// Adds a contact of `customer` and says what its offer shows: the contacts in the window (this one
    /// included), whether it is a repeat under `rule`, and what the earlier contacts left behind.
    ///
    /// An interaction the customer already has (a transfer, say) adds no contact: its queue (and topic,
    /// when given) are updated and the context is the same as for a new contact.
    public mutating func arrive(
        customer: String, interaction: InteractionID, channel: Channel, queue: QueueID, topic: String?,
        at now: Int64, rule: RepeatRule
    ) -> CustomerContext {
        let (slot, position) = admit(customer: customer, interaction: interaction, channel: channel, queue: queue, topic: topic, at: now)
        return context(slot: slot, position: position, at: now, rule: rule)
    }

    /// What the offer of a contact the memory already holds shows (an interaction put back after a
    /// restart, once the memory was rebuilt): the context as at its arrival, earlier contacts only.
    public func context(of customer: String, interaction: InteractionID, rule: RepeatRule) -> CustomerContext? {
        guard let slot = index[customer], let position = position(of: interaction, in: slot) else { return nil }
        return context(slot: slot, position: position, at: slots[Int(slot)].contacts[position].arrivedAt, rule: rule)
    }

    /// Records that `agent` was assigned `interaction` (the last agent assigned wins). Returns whether
    /// the memory holds that contact. Does not count as a sighting.
    @discardableResult
    public mutating func assigned(customer: String, interaction: InteractionID, agent: AgentID, at now: Int64) -> Bool {
        guard let slot = index[customer], let i = position(of: interaction, in: slot) else { return false }
        slots[Int(slot)].contacts[i].agent = agent
        slots[Int(slot)].contacts[i].assignedAt = now
        return true
    }

    /// Records that `interaction` finished (completed, or abandoned), with its disposition if any.
    /// Returns whether the memory holds that contact. Counts as a sighting.
    @discardableResult
    public mutating func finished(customer: String, interaction: InteractionID, disposition: String?, at now: Int64) -> Bool {
        guard let slot = index[customer], let i = position(of: interaction, in: slot) else { return false }
        let s = Int(slot)
        if slots[s].contacts[i].finishedAt == nil {
            slots[s].contacts[i].finishedAt = now
            slots[s].open -= 1
        }
        if let disposition { slots[s].contacts[i].disposition = disposition }
        touch(slot, at: now)
        return true
    }

    // MARK: Queries

    /// The kept contacts of `customer`, newest first (contacts past the window stay until trimmed).
    public func contacts(of customer: String) -> [CustomerContact] {
        guard let slot = index[customer] else { return [] }
        return slots[Int(slot)].contacts.reversed()
    }

    /// What the memory holds about `customer`, with the window seen at `now`; nil when it holds nothing.
    public func summary(of customer: String, at now: Int64) -> CustomerSummary? {
        guard let slot = index[customer] else { return nil }
        let s = slots[Int(slot)]
        var summary = CustomerSummary(
            customer: customer, contacts: 0, byChannel: ChannelCounts(), openInteractions: Int(s.open), lastAgent: nil,
            lastDisposition: nil, lastChannel: nil, lastContactAt: nil, lastSeenAt: s.lastSeen
        )
        for contact in s.contacts.reversed() where now - contact.arrivedAt < settings.windowMs {
            summary.contacts += 1
            summary.byChannel[contact.channel] += 1
            if summary.lastContactAt == nil {
                summary.lastContactAt = contact.arrivedAt
                summary.lastChannel = contact.channel
            }
            if summary.lastAgent == nil { summary.lastAgent = contact.agent }
            if summary.lastDisposition == nil { summary.lastDisposition = contact.disposition }
        }
        return summary
    }

    /// The customers held, seen least recently first (the order the cap forgets them in).
    public func customers() -> [String] {
        var result: [String] = []
        result.reserveCapacity(count)
        for list in [held, recent] {
            var slot = list.head
            while slot != SlotList.none {
                result.append(slots[Int(slot)].customer)
                slot = slots[Int(slot)].next
            }
        }
        return result
    }

    // MARK: Internals

    /// Adds the contact (or finds the interaction the customer already has), counting it as a sighting.
    /// Returns the customer's slot and the contact's position in it.
    mutating func admit(
        customer: String, interaction: InteractionID, channel: Channel, queue: QueueID, topic: String?, at now: Int64
    ) -> (slot: Int32, position: Int) {
        let contact = CustomerContact(interaction: interaction, channel: channel, queue: queue, topic: topic, arrivedAt: now)
        guard let slot = index[customer] else {
            while index.count >= settings.maxCustomers { forgetLeastRecentlySeen() }
            let slot = allocate(Slot(customer: customer, contacts: [contact], lastSeen: now, open: 1))
            index[customer] = slot
            recent.append(slot, in: &slots)
            return (slot, 0)
        }
        touch(slot, at: now)
        let s = Int(slot)
        if let i = position(of: interaction, in: slot) {
            slots[s].contacts[i].queue = queue
            if let topic { slots[s].contacts[i].topic = topic }
            return (slot, i)
        }
        trimPastWindow(slot, at: now)
        slots[s].contacts.append(contact)
        slots[s].open += 1
        dropContactsBeyondCap(slot)
        return (slot, slots[s].contacts.count - 1)
    }

    private func context(slot: Int32, position: Int, at now: Int64, rule: RepeatRule) -> CustomerContext {
        let contacts = slots[Int(slot)].contacts
        let this = contacts[position]
        var context = CustomerContext(
            contacts: 1, byChannel: ChannelCounts(), sameTopicContacts: this.topic == nil ? 0 : 1, reason: nil,
            topic: this.topic, lastAgent: nil, lastDisposition: nil, lastChannel: nil, previousContactAt: nil, arrivedAt: now
        )
        context.byChannel[this.channel] = 1
        // Contacts are kept in arrival order: only those before this one are earlier.
        var i = position - 1
        while i >= 0 {
            defer { i -= 1 }
            let earlier = contacts[i]
            guard now - earlier.arrivedAt < settings.windowMs else { continue }
            context.contacts += 1
            context.byChannel[earlier.channel] += 1
            if let topic = this.topic, earlier.topic == topic { context.sameTopicContacts += 1 }
            if context.previousContactAt == nil {
                context.previousContactAt = earlier.arrivedAt
                context.lastChannel = earlier.channel
            }
            if context.lastAgent == nil { context.lastAgent = earlier.agent }
            if context.lastDisposition == nil { context.lastDisposition = earlier.disposition }
        }
        if rule.sameTopicContacts > 0, this.topic != nil, context.sameTopicContacts >= rule.sameTopicContacts {
            context.reason = .sameTopic
        } else if rule.contacts > 0, context.contacts >= rule.contacts {
            context.reason = .manyContacts
        }
        return context
    }

    /// The position of `interaction` among the slot's contacts, searched newest first.
    private func position(of interaction: InteractionID, in slot: Int32) -> Int? {
        slots[Int(slot)].contacts.lastIndex { $0.interaction == interaction }
    }

    /// Moves the customer to the tail of `recent`.
    private mutating func touch(_ slot: Int32, at now: Int64) {
        let s = Int(slot)
        slots[s].lastSeen = max(slots[s].lastSeen, now)
        if slots[s].held {
            held.remove(slot, in: &slots)
            slots[s].held = false
        } else {
            if recent.tail == slot { return }
            recent.remove(slot, in: &slots)
        }
        recent.append(slot, in: &slots)
    }

    /// Drops finished contacts that left the window from the front (oldest first). An open one stops
    /// it: the customer still holds it.
    private mutating func trimPastWindow(_ slot: Int32, at now: Int64) {
        let s = Int(slot)
        var k = 0
        for contact in slots[s].contacts {
            guard now - contact.arrivedAt >= settings.windowMs, !contact.isOpen else { break }
            k += 1
        }
        if k > 0 { slots[s].contacts.removeFirst(k) }
    }

    /// Drops the oldest contacts beyond `maxContactsPerCustomer`, open or not.
    mutating func dropContactsBeyondCap(_ slot: Int32) {
        let s = Int(slot)
        let excess = slots[s].contacts.count - settings.maxContactsPerCustomer
        guard excess > 0 else { return }
        for contact in slots[s].contacts.prefix(excess) where contact.isOpen { slots[s].open -= 1 }
        slots[s].contacts.removeFirst(excess)
        droppedContacts += excess
    }

    private mutating func allocate(_ slot: Slot) -> Int32 {
        SlotAllocation.allocate(slot, in: &slots, reusing: &freeSlots)
    }
}
