extension FrameParser {
    /// The outcome of one parsing step, for loops that prefer a switch to `try`.
    public enum ParseResult: Sendable, Hashable {
        /// A complete frame; more may follow in the same input.
        case frame(WebSocketFrame)
        /// The input is used up; any partial frame is kept for the next read.
        case needMoreData
        /// The peer broke the protocol; fail the connection with `error.closeCode`.
        case failed(WebSocketProtocolError)
    }

    /// `nextFrame(from:index:)` as a value:
    /// ```
    /// var index = 0
    /// loop: while true {
    ///     switch parser.parse(bytes, index: &index) {
    ///     case .frame(let frame): perform(machine.receive(frame, now: now))
    ///     case .needMoreData: break loop
    ///     case .failed(let error): perform(machine.receive(error)); break loop
    ///     }
    /// }
    /// ```
    @inlinable
    public mutating func parse(_ input: UnsafeRawBufferPointer, index: inout Int) -> ParseResult {
        do {
            guard let frame = try nextFrame(from: input, index: &index) else { return .needMoreData }
            return .frame(frame)
        } catch {
            return .failed(error)
        }
    }
}
