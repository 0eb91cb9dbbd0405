import SwitchboardMessages
import SwitchboardRouter
import SwitchboardSignals
import SwitchboardStore

extension HubCore {
    /// `customer`: a page of the customer's history, newest first. Supervisors and admins may read any
    /// customer's; an agent only that of a customer whose interaction it is offered or holds. With a
    /// store the page is read from it (the full history, off the routing thread); without one, memory
    /// answers with the contacts of the window.
    mutating func customerHistory(_ query: CustomerQuery, ref: String?, connection: ConnectionID, agent: AgentID?) -> ProtocolError? {
        if let agent, !serves(query.customerId, agent) {
            return refuse(ProtocolError(.forbidden, "an agent may read only the history of the customer of an interaction it is offered or holds", ref: ref),
                          to: connection)
        }
        var cursor: CustomerCursor?
        if let token = query.before {
            guard let decoded = CustomerCursor(token: token) else {
                return refuse(ProtocolError(.badRequest, "field before: '\(token.prefix(40))' is not a cursor this server gave (send back a page's next)", ref: ref),
                              to: connection)
            }
            cursor = decoded
        }
        if journal.enabled {
            actions.append(.readCustomer(query, cursor: cursor, to: connection, ref: ref))
        } else {
            send(.ok(ref: ref, fields: rememberedHistory(query, before: cursor)), to: connection)
        }
        return nil
    }

    /// Whether the agent is offered or holds an interaction of this customer.
    func serves(_ customer: String, _ agent: AgentID) -> Bool {
        guard let snapshot = router.agent(agent) else { return false }
        for id in snapshot.offers + snapshot.active where ledger.owners[id]?.customerId == customer {
            return true
        }
        return false
    }
}

extension HubCore {
    /// A page of what memory holds of the customer (no store): newest first; the cursor counts the
    /// contacts already sent.
    func rememberedHistory(_ query: CustomerQuery, before cursor: CustomerCursor?) -> [(key: String, value: JSONValue)] {
        let all = signals.rules.memoryEnabled ? signals.memory.contacts(of: query.customerId) : []
        let skip = Int(clamping: max(0, cursor?.seq ?? 0))
        let page = all.dropFirst(skip).prefix(query.limit)
        let sent = skip + page.count
        let next = sent < all.count ? page.last.map { CustomerCursor(enqueuedAt: $0.arrivedAt, seq: Int64(sent)) } : nil
        return WireMapping.customerHistory(query.customerId, remembered: page, next: next)
    }
}
