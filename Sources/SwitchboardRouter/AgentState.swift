/// An agent's presence, as chosen by the agent (or imposed after a missed offer).
///
/// Work in progress (offers, active interactions, wrap-up) is tracked per interaction, not here:
/// an available agent with three chats at capacity 3 is still `available`, just not eligible.
public enum AgentState: Hashable, Sendable, CustomStringConvertible {
    case offline
    case available
    /// Logged in but not taking work; the reason is the agent's (break, lunch…) or `no_answer`.
    case notReady(reason: String)

    /// The reason set when an offer times out.
    public static let noAnswerReason = "no_answer"

    public var description: String {
        switch self {
        case .offline: "offline"
        case .available: "available"
        case .notReady(let reason): "not_ready(\(reason))"
        }
    }
}
