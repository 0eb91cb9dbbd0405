/// Binds an ``InteractionRow`` to the writer's prepared statements, in the column order of
/// ``InteractionRow/insertSQL`` and ``InteractionRow/updateSQL``.
extension InteractionRow {
    func bindInsert(to statement: RawStatement) throws {
        try statement.bind(1, id)
        try statement.bind(2, source)
        try statement.bind(3, queue)
        try statement.bind(4, channel)
        try statement.bind(5, Int64(priority))
        try statement.bind(6, customerId)
        try statement.bind(7, tier)
        try statement.bind(8, attributes)
        try statement.bind(9, requirements)
        try statement.bind(10, preferredAgent)
        try statement.bind(11, state.rawValue)
        try statement.bind(12, agentId)
        try statement.bind(13, createdAt)
        try statement.bind(14, enqueuedAt)
        try statement.bind(15, waitStartedAt)
        try statement.bind(16, firstOfferedAt)
        try statement.bind(17, answeredAt)
        try statement.bind(18, assignedAt)
        try statement.bind(19, completedAt)
        try statement.bind(20, abandonedAt)
        try statement.bind(21, endedAt)
        try statement.bind(22, waitMs)
        try statement.bind(23, handleMs)
        try statement.bind(24, disposition)
        try statement.bind(25, finalReason)
        try statement.bind(26, demanding ? 1 : 0)
    }

    /// Binds the row found by `seq` (parameter 15).
    func bindUpdate(to statement: RawStatement, seq: Int64) throws {
        try statement.bind(1, queue)
        try statement.bind(2, state.rawValue)
        try statement.bind(3, agentId)
        try statement.bind(4, waitStartedAt)
        try statement.bind(5, firstOfferedAt)
        try statement.bind(6, answeredAt)
        try statement.bind(7, assignedAt)
        try statement.bind(8, completedAt)
        try statement.bind(9, abandonedAt)
        try statement.bind(10, endedAt)
        try statement.bind(11, waitMs)
        try statement.bind(12, handleMs)
        try statement.bind(13, disposition)
        try statement.bind(14, finalReason)
        try statement.bind(15, seq)
    }
}
