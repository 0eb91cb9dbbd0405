import SwitchboardSocket

extension HTTPServer {
    /// The server's connection series of `GET /metrics`, in the Prometheus text format.
    static func connectionMetrics(limiter: ConnectionLimiter, outputLimit: QueuedOutputLimit, addressLimiter: AddressLimiter,
                                  registry: WebSocketRegistry) -> String {
        """
        # HELP switchboard_connections_open TCP connections open now (HTTP and WebSocket).
        # TYPE switchboard_connections_open gauge
        switchboard_connections_open \(limiter.openCount)
        # HELP switchboard_websockets_open WebSocket connections open now.
        # TYPE switchboard_websockets_open gauge
        switchboard_websockets_open \(registry.count)
        # HELP switchboard_connections_refused_total Connections closed at accept because max_connections and the reserve were full.
        # TYPE switchboard_connections_refused_total counter
        switchboard_connections_refused_total \(limiter.refusedCount)
        # HELP switchboard_connections_refused_per_address_total Connections closed at accept because their address held max_unauthenticated_per_address connections not logged in.
        # TYPE switchboard_connections_refused_per_address_total counter
        switchboard_connections_refused_per_address_total \(addressLimiter.refusedCount)
        # HELP switchboard_queued_output_bytes Output queued for slow readers, all connections together.
        # TYPE switchboard_queued_output_bytes gauge
        switchboard_queued_output_bytes \(outputLimit.queuedBytes)

        """
    }
}
