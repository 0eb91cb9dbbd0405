/// Limits of the resumable event stream, per consumer. Fixed (not in the configuration file): tests
/// shorten them through ``HubSettings/eventStream``.
public struct EventStreamSettings: Sendable, Hashable {
    /// Live events one consumer may have waiting while it catches up or reads slowly; a batch of its
    /// events arriving while that many wait cuts it off (`slow_consumer`), naming the last `seq` it
    /// was sent so it can resume. Memory per consumer stays bounded by it plus one batch (about 300
    /// bytes an event).
    public var consumerBufferEvents = 10_000
    /// Rows of the log read per page while a consumer catches up.
    public var replayPageRows = 512
    /// A WebSocket consumer is sent no more events while this many bytes wait for its socket.
    public var sendWindowBytes = 1 << 20

    public init(consumerBufferEvents: Int = 10_000, replayPageRows: Int = 512, sendWindowBytes: Int = 1 << 20) {
        self.consumerBufferEvents = consumerBufferEvents
        self.replayPageRows = replayPageRows
        self.sendWindowBytes = sendWindowBytes
    }
}
