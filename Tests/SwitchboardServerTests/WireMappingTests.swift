import SwitchboardMessages
import SwitchboardRouter
import Testing
@testable import SwitchboardServer

struct WireMappingTests {
    func snapshot(state: AgentState = .available, offers: [InteractionID] = [], active: [InteractionID] = [],
                  wrapping: [InteractionID] = [], load: [Channel: Int] = [:]) -> WireAgentStatus {
        WireMapping.status("a", AgentWorkload(state: state, offers: offers.count, active: active.count, wrappingUp: wrapping.count, load: load))
    }

    @Test func workHeldWinsOverTheChosenStateAndTheReasonStaysVisible() {
        #expect((snapshot()).state == "available")
        #expect((snapshot(state: .offline)).state == "offline")
        #expect((snapshot(offers: ["i"], load: [.chat: 1])) == WireAgentStatus(id: "a", state: "reserved", load: ["chat": 1]))
        #expect((snapshot(offers: ["i"], active: ["j"])).state == "busy")
        #expect((snapshot(wrapping: ["j"])).state == "wrap_up")
        let onBreak = (snapshot(state: .notReady(reason: "lunch"), active: ["j"]))
        #expect(onBreak.state == "busy")
        #expect(onBreak.reason == "lunch")
        #expect((snapshot(state: .notReady(reason: "no_answer"))) == WireAgentStatus(id: "a", state: "not_ready", reason: "no_answer"))
        // Disconnected but still holding work within the grace: busy, not offline.
        #expect((snapshot(state: .offline, active: ["j"])).state == "busy")
    }

    @Test func revokeReasonsAndErrorCodesFollowTheProtocol() {
        #expect(WireMapping.revokeReason(.acceptedElsewhere) == "taken")
        #expect(WireMapping.revokeReason(.timedOut) == "timeout")
        #expect(WireMapping.revokeReason(.cancelled) == "cancelled")
        #expect(WireMapping.revokeReason(.transferred) == "transferred")
        #expect(WireMapping.revokeReason(.agentLoggedOut) == "disconnected")
        #expect(WireMapping.error(.queueFull("q", maxSize: 2), ref: "r") == ProtocolError(.unavailable, "queue 'q' is full (max size 2)", ref: "r"))
        #expect(WireMapping.error(.unknownQueue("q"), ref: nil).code == .notFound)
        #expect(WireMapping.error(.notOffered("i", to: "a"), ref: nil).code == .conflict)
        #expect(WireMapping.error(.channelNotAccepted("q", .chat), ref: nil).code == .badRequest)
    }
}
