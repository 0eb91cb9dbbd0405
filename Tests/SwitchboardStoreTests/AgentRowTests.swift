import GRDB
import Testing
@testable import SwitchboardStore

/// The `agents` table keeps each agent's chosen state and login (what a restart needs); the working
/// line of every contact stays in the log.
@Suite struct AgentRowTests {
    func row(_ path: String) throws -> String {
        try readAfresh(path) { db in
            try Row.fetchOne(db, sql: "SELECT state, reason, changed_at, logged_in FROM agents WHERE agent_id = 'a1'")
                .map { "\($0["state"] as String)/\(($0["reason"] as String?) ?? "-")@\($0["changed_at"] as Int64)/\($0["logged_in"] as Int64)" } ?? "none"
        }
    }

    func line(_ kind: StoreEvent.Kind, _ id: String, at: Int64, _ state: String) -> StoreEvent {
        var event = StoreEvent.interaction(kind, id, at: at, agentId: "a1")
        event.state = state
        return event
    }

    @Test func aContactsBusyAndAvailableLinesLeaveTheRowAloneAndAChosenReasonIsKeptWhileBusy() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("store.sqlite")
        let store = try openStore(path)
        try await store.append([.agentLogin("a1", at: 100), .agentState("a1", "available", at: 200)])
        #expect(try row(path) == "available/-@200/1")

        try await store.append([.enqueued(newInteraction("i1"), at: 300), .interaction(.offered, "i1", at: 310, agentId: "a1")])
        try await store.append([line(.accepted, "i1", at: 320, "busy")])
        #expect(try row(path) == "available/-@200/1")
        // The agent picks lunch while still on the call: that is a change of the chosen state.
        try await store.append([.agentState("a1", "busy", reason: "lunch", at: 400)])
        #expect(try row(path) == "not_ready/lunch@400/1")
        // A line with a reason has a row of its own (the routing owner folds only lines without one).
        try await store.append([.interaction(.completed, "i1", at: 500, agentId: "a1"), .agentState("a1", "wrap_up", reason: "lunch", at: 500),
                                .agentState("a1", "not_ready", reason: "lunch", at: 600)])
        #expect(try row(path) == "not_ready/lunch@400/1")
        try await store.append([.agentState("a1", "available", at: 700)])
        #expect(try row(path) == "available/-@700/1")
        try await store.append([.agentLogout("a1", reason: "shift_end", at: 800)])
        #expect(try row(path) == "offline/shift_end@800/0")

        // The log still has every line.
        let lines = try readAfresh(path) { db in
            try String.fetchAll(db, sql: "SELECT state FROM events WHERE agent_id = 'a1' AND state IS NOT NULL ORDER BY seq")
        }
        #expect(lines == ["available", "busy", "busy", "wrap_up", "not_ready", "available"])
        #expect(try await store.recover(now: 900).agents == [
            AgentRow(agentId: "a1", state: "offline", reason: "shift_end", changedAt: 800, loggedIn: false),
        ])
        await store.close()
    }
}
