/// A value that belongs to one event loop, carried through `@Sendable` closures (a timer, a hop
/// back to the loop) and read only on that loop.
///
/// Loop-bound types are not `Sendable`: they are used without locks because only their loop
/// touches them. This box is how such a value travels inside a closure that the loop itself will
/// run; reading it anywhere else traps.
public struct LoopBound<Value>: @unchecked Sendable {
    public let loop: EventLoop
    private let wrapped: Value

    /// Call on `loop`.
    public init(_ value: Value, loop: EventLoop) {
        precondition(loop.inEventLoop, "LoopBound created off its loop")
        self.loop = loop
        wrapped = value
    }

    /// The value; only on `loop`.
    public var value: Value {
        precondition(loop.inEventLoop, "LoopBound read off its loop")
        return wrapped
    }
}
