/// What agent churn did during a run (``ChurnSchedule``): how often agents left and came back, and what
/// became of the work they held.
public struct ChurnCounts: Sendable, Equatable, Codable {
    /// Clean log-outs: not ready, work finished, connection closed with the closing handshake.
    public var logOuts = 0
    /// Connections dropped without the closing handshake.
    public var drops = 0
    /// Logins after a log-out or a drop (`welcome` received again).
    public var returns = 0
    /// Interactions an agent held through a drop and found again in its `welcome` (back within the grace).
    public var keptOverDrop = 0
    /// Interactions the server handed back in `welcome` that the agent had let go: accepted as the link
    /// dropped (the `ok` was lost), or back after the agent's own grace timer but before the server's.
    public var handedBack = 0
    /// Interactions a dropped agent let go when the grace ran out before it was back.
    public var lostAtGrace = 0
    /// `agent_lost` events seen by the sources: the server re-queued a dropped agent's work.
    public var agentLost = 0
    /// Reconnects that failed to open (retried a second later).
    public var reconnectFailures = 0
    /// Logins refused on return: a server bug, which fails the run.
    public var loginsRefused = 0

    public init() {}
}
