import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardWebSocket
import Testing
@testable import SwitchboardServer

extension ConnectionGate {
    /// A text message, as its payload bytes.
    mutating func text(_ text: String) -> Step { message(Array(text.utf8)) }
}

struct ConnectionGateTests {
    @Test func helloIsHandedOverForAuthentication() {
        var gate = ConnectionGate()
        #expect(gate.text(#"{"type":"hello","token":"t","ref":"1"}"#) == .hello(token: "t", ref: "1"))
    }

    @Test func anythingBeforeHelloIsUnauthorizedAndCloses() {
        var gate = ConnectionGate()
        guard case .close(let reply?, let code, _) = gate.text(#"{"type":"reload","ref":"x"}"#),
              case .error(let error) = reply else {
            Issue.record("expected a close with an error")
            return
        }
        #expect(code == .policyViolation)
        #expect(error.code == .unauthorized)
        #expect(error.ref == "x")
        #expect(gate.phase == .closed)
    }

    @Test func malformedInputIsABadRequestAndTheConnectionStaysOpen() {
        var gate = ConnectionGate()
        guard case .reply(.error(let error)) = gate.text("{not json") else {
            Issue.record("expected an error reply")
            return
        }
        #expect(error.code == .badRequest)
        #expect(gate.phase == .awaitingHello)
        gate.greeted(.source(name: "gw"))
        guard case .reply(.error(let missing)) = gate.text(#"{"type":"cancel","ref":"9"}"#) else {
            Issue.record("expected an error reply")
            return
        }
        #expect(missing.code == .badRequest)
        #expect(missing.message.contains("interactionId"))
        #expect(missing.ref == "9")
    }

    @Test func messagesOutsideTheRoleAreForbidden() {
        var gate = ConnectionGate()
        gate.greeted(.agent(id: "a1"))
        guard case .reply(.error(let error)) = gate.text(#"{"type":"enqueue","ref":"2","interaction":{"channel":"voice","queue":"q"}}"#) else {
            Issue.record("expected an error reply")
            return
        }
        #expect(error.code == .forbidden)
        #expect(error.ref == "2")
        #expect(gate.text(#"{"type":"accept","ref":"k","interactionId":"i"}"#) == .request(.agent(.accept(interactionId: "i")), ref: "k"))
    }

    @Test func rolesPermitExactlyTheDocumentedMessages() {
        let agentOnly: [ClientMessage] = [.state(.available, reason: nil), .accept(interactionId: "i", reason: nil),
                                          .reject(interactionId: "i", reason: nil), .complete(interactionId: "i", disposition: nil),
                                          .transfer(interactionId: "i", queue: "q")]
        let sourceOnly: [ClientMessage] = [.enqueue(EnqueueRequest(channel: .voice, queue: "q")),
                                           .cancel(interactionId: "i", reason: nil), .position(interactionId: "i")]
        for message in agentOnly {
            #expect(Role.allCases.filter { $0.permits(message) } == [.agent])
        }
        for message in sourceOnly {
            #expect(Role.allCases.filter { $0.permits(message) } == [.source])
        }
        #expect(Role.allCases.filter { $0.permits(.subscribe(topics: [.queues])) } == [.supervisor, .admin])
        #expect(Role.allCases.filter { $0.permits(.setAgent(AgentChange(agentId: "a", state: .available))) } == [.supervisor, .admin])
        #expect(Role.allCases.filter { $0.permits(.reload) } == [.admin])
    }

    @Test func aSecondHelloIsAConflict() {
        var gate = ConnectionGate()
        gate.greeted(.admin(name: nil))
        guard case .reply(.error(let error)) = gate.text(#"{"type":"hello","token":"t"}"#) else {
            Issue.record("expected an error reply")
            return
        }
        #expect(error.code == .conflict)
    }

    @Test func binaryFramesCloseWith1003() {
        var gate = ConnectionGate()
        gate.greeted(.admin(name: nil))
        #expect(gate.binary() == .close(reply: nil, code: .unsupportedData, reason: "binary frames are not supported"))
        #expect(gate.text(#"{"type":"reload"}"#) == .ignore)
    }

    @Test func anAdminsReloadIsTheConnectionsToCarryOut() {
        var gate = ConnectionGate()
        gate.greeted(.admin(name: nil))
        #expect(gate.text(#"{"type":"reload","ref":"r"}"#) == .reload(ref: "r"))
        var supervisor = ConnectionGate()
        supervisor.greeted(.supervisor(name: nil))
        guard case .reply(.error(let error)) = supervisor.text(#"{"type":"reload","ref":"r"}"#) else {
            Issue.record("expected an error reply")
            return
        }
        #expect(error.code == .forbidden)
    }

    @Test func helloTimeoutClosesOnlyBeforeHello() {
        var waiting = ConnectionGate()
        #expect(waiting.helloTimedOut() == .close(reply: nil, code: .policyViolation, reason: "no hello in time"))
        var greeted = ConnectionGate()
        greeted.greeted(.source(name: "gw"))
        #expect(greeted.helloTimedOut() == .ignore)
    }

    @Test func aRefusedTokenAnswersUnauthorizedThenCloses() {
        var gate = ConnectionGate()
        guard case .close(.error(let error)?, .policyViolation, _) = gate.refused(ref: "h") else {
            Issue.record("expected a close with an error")
            return
        }
        #expect(error.code == .unauthorized)
        #expect(error.ref == "h")
    }
}
