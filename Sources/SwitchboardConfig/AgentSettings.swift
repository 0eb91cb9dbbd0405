/// How agents join the floor and how their tenure counts (`agents.login_state`, `agents.tenure`).
public struct AgentSettings: Sendable, Hashable {
    /// The state an agent starts in when it logs in (not back within the reconnect grace).
    public enum LoginState: String, Sendable, Hashable, CaseIterable {
        /// Not ready with reason ``AgentSettings/loginReason``: the person makes themselves available
        /// when ready, so a desktop that reconnects or a tab that opens gets no offer it cannot answer.
        case notReady = "not_ready"
        /// Available at once (offers may arrive before the person is at the desk).
        case available
    }

    /// The not-ready reason of an agent that has just logged in.
    public static let loginReason = "login"

    public var loginState: LoginState
    /// How a roster entry's `start_date` maps to a stage.
    public var tenure: TenureSettings

    public init(loginState: LoginState = .notReady, tenure: TenureSettings = TenureSettings()) {
        self.loginState = loginState
        self.tenure = tenure
    }
}
