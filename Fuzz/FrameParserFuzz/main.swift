// libFuzzer target for the WebSocket receive path: FrameParser → WebSocketStateMachine.
// Built by Fuzz/run.sh together with the module's sources (one module, no imports needed).
//
// The first input byte picks the role and how the rest is split; the rest is the byte stream.
// Besides crashes and sanitizer reports, it traps when a split changes the parse result or a
// frame that breaks the header rules gets through.

@_cdecl("LLVMFuzzerTestOneInput")
public func frameParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let role: WebSocketRole = control & 1 == 0 ? .server : .client
    let stream = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let configuration = FrameParser.Configuration(maxFrameSize: 4096)

    let whole = parse(stream, chunkSize: stream.count, role: role, configuration: configuration)
    let chunkSize = Int(control >> 1) + 1
    let split = parse(stream, chunkSize: chunkSize, role: role, configuration: configuration)
    // Text may fail while a frame is still arriving, so parser results can differ there; what
    // the connection does must not differ at all.
    let textFailure = whole.error?.code == .invalidUTF8 || split.error?.code == .invalidUTF8
    if !textFailure && (whole.frames != split.frames || whole.error != split.error) {
        fatalError("chunk size \(chunkSize) changed the parse")
    }
    if trimmed(actions(whole, role: role)) != trimmed(actions(split, role: role)) {
        fatalError("chunk size \(chunkSize) changed the actions")
    }
    return 0
}

/// Feeds a parse result to a state machine and checks what comes out.
private func actions(_ parsed: (frames: [WebSocketFrame], error: WebSocketProtocolError?),
                     role: WebSocketRole) -> [WebSocketStateMachine.Action] {
    let now = ContinuousClock.now
    var machine = WebSocketStateMachine(role: role, configuration: .init(maxMessageSize: 8192), now: now)
    var actions: [WebSocketStateMachine.Action] = []
    for frame in parsed.frames {
        if frame.opcode.isControl && (frame.payload.count > 125 || !frame.fin) { fatalError("bad control frame passed") }
        if frame.payload.count > 4096 { fatalError("frame over the limit passed") }
        if (role == .server) != (frame.maskingKey != nil) { fatalError("masking rule not enforced") }
        let action = machine.receive(frame, now: now)
        if case .deliver(let message) = action {
            if message.payload.count > 8192 { fatalError("message over the limit delivered") }
            if message.kind == .text && String(validating: message.payload, as: UTF8.self) == nil {
                fatalError("invalid UTF-8 delivered")
            }
        }
        actions.append(action)
    }
    if let error = parsed.error { actions.append(machine.receive(error)) }
    return actions
}

/// Drops trailing no-ops: a parser that fails early yields fewer frames for a closed machine to ignore.
private func trimmed(_ actions: [WebSocketStateMachine.Action]) -> ArraySlice<WebSocketStateMachine.Action> {
    var slice = actions[...]
    while slice.last == .ignore { slice = slice.dropLast() }
    return slice
}

private func parse(_ stream: UnsafeRawBufferPointer, chunkSize: Int, role: WebSocketRole,
                   configuration: FrameParser.Configuration) -> (frames: [WebSocketFrame], error: WebSocketProtocolError?) {
    var parser = FrameParser(role: role, configuration: configuration)
    var frames: [WebSocketFrame] = []
    var start = 0
    repeat {
        let end = min(stream.count, start + max(chunkSize, 1))
        let chunk = UnsafeRawBufferPointer(rebasing: stream[start..<end])
        var index = 0
        do {
            while let frame = try parser.nextFrame(from: chunk, index: &index) { frames.append(frame) }
        } catch {
            return (frames, error)
        }
        if index != chunk.count { fatalError("parser stopped at \(index) of \(chunk.count)") }
        start = end
    } while start < stream.count
    return (frames, nil)
}
