import Foundation
import SwitchboardConfig
import SwitchboardStore
import SwitchboardTesting
import Testing
@testable import SwitchboardServer

/// Tier alerts across a restart over real sockets with the durable store: a gold interaction waiting
/// with its dedicated agent away raises `no_dedicated_agent` and then `vip_waiting`; after the restart
/// both are back under their ids, and they clear when the agent logs in and answers.
@Suite(.serialized)
struct TierAlertsRestartTests {
    static func configure(_ config: inout SwitchboardConfiguration) {
        config.tiers = [TierDefinition(name: "gold", agents: ["a2"], fallbackSeconds: 600, targetWaitSeconds: 1)]
        config.alerts.topicSurge.enabled = false
        config.alerts.serviceLevel.enabled = false
    }

    @Test func tierAlertsSurviveARestartAndClearWhenTheDedicatedAgentAnswers() async throws {
        let path = ServerStoreTests.databasePath()
        defer { ServerStoreTests.removeDatabase(path) }
        let first = try await TestBed(Self.configure, store: try ServerStoreTests.openStore(path))
        let supervisor = try await first.login("sup-token")
        try await supervisor.send(#"{"type":"subscribe","ref":"s","topics":["alerts"]}"#)
        try await supervisor.expect(#""ref":"s""#)
        let source = try await first.login("gw-token")
        try await source.send(#"{"type":"enqueue","ref":"e1","interaction":{"id":"g1","channel":"voice","queue":"sales","tier":"gold"}}"#)
        let absent = try await supervisor.expect(#""type":"alert""#, #""kind":"no_dedicated_agent""#)
        let waiting = try await supervisor.expect(#""type":"alert""#, #""kind":"vip_waiting""#, #""interactionId":"g1""#)
        let absentID = try #require(CustomerSignalsEndToEndTests.member("id", of: absent))
        let waitingID = try #require(CustomerSignalsEndToEndTests.member("id", of: waiting))
        await first.stop()

        let second = try await TestBed(Self.configure, store: try ServerStoreTests.openStore(path))
        #expect(second.server.recovery?.alerts == 2)
        let watcher = try await second.login("sup-token")
        try await watcher.send(#"{"type":"subscribe","ref":"s","topics":["alerts"]}"#)
        try await watcher.expect(#""ref":"s""#)
        let a2 = try await second.login("a2-token")
        try await watcher.expect(#""type":"alert""#, #""id":"\#(absentID)""#, #""state":"cleared""#)
        try await a2.expect(#""type":"offer""#, #""id":"g1""#)
        try await a2.send(#"{"type":"accept","ref":"k","interactionId":"g1"}"#)
        try await a2.expect(#""ref":"k""#)
        try await watcher.expect(#""type":"alert""#, #""id":"\#(waitingID)""#, #""state":"cleared""#)
        await second.stop()

        let after = try ServerStoreTests.openStore(path) { $0.readOnly = true }
        #expect(try await after.raisedAlerts().isEmpty)
        await after.close()
    }
}
