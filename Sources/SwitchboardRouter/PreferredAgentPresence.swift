/// When an interaction with a preferred agent waits for that agent rather than going to anyone.
///
/// Waiting only pays while the agent can still take the work soon, and how soon depends on why the
/// agent is preferred: the agent a source names is waited for while it is at work at all, while a
/// repeat contact offered to the agent who last served the customer should not sit behind a break.
/// In both modes the agent must also be able to take it (meet the interaction's
/// effective requirements, with capacity on its channel), or nobody is waited for; and work waiting
/// for an agent who stops qualifying goes to everyone at once, oldest first.
public enum PreferredAgentPresence: Sendable, Hashable {
    /// Wait while the agent is logged in, in any state: a not-ready or busy agent may come back
    /// within the fallback.
    case loggedIn
    /// Wait only while the agent is logged in and has chosen to be available; busy at capacity still
    /// waits (it frees up), not ready does not (a break has no known end).
    case available
}
