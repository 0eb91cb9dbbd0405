import SwitchboardStore

/// The store's part of `GET /metrics`, in the Prometheus text format.
enum StoreMetrics {
    static func text(_ store: Store?) -> String {
        guard let store else { return "" }
        let stats = store.statistics
        return """
            # HELP switchboard_store_accepting_work 1 while the store writes; 0 after a failed write (new work is refused).
            # TYPE switchboard_store_accepting_work gauge
            switchboard_store_accepting_work \(store.isAcceptingWork ? 1 : 0)
            # HELP switchboard_store_commits_total Transactions committed by the store's writer.
            # TYPE switchboard_store_commits_total counter
            switchboard_store_commits_total \(stats.commits)
            # HELP switchboard_store_committed_events_total Routing events committed to the log.
            # TYPE switchboard_store_committed_events_total counter
            switchboard_store_committed_events_total \(stats.committedEvents)
            # HELP switchboard_store_pending_events Events handed to the writer, not yet committed.
            # TYPE switchboard_store_pending_events gauge
            switchboard_store_pending_events \(stats.pendingEvents)
            # HELP switchboard_store_dropped_events_total Events lost because the store refused or failed them.
            # TYPE switchboard_store_dropped_events_total counter
            switchboard_store_dropped_events_total \(stats.droppedEvents)

            """
    }
}
