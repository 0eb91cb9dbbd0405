// libFuzzer target for the HTTP parsers: HTTPRequestParser and HTTPResponseParser.
// Built by Fuzz/run.sh together with the module's sources (one module, no imports needed).
//
// The first input byte picks the split; the rest is the byte stream. Besides crashes and
// sanitizer reports, it traps when a split changes the result, a limit is not enforced, or an
// error carries a status the server does not answer with.

let limits = HTTPRequestParser.Limits(maxRequestLineLength: 256, maxHeadSize: 1024, maxHeaderCount: 16, maxBodySize: 256)

@_cdecl("LLVMFuzzerTestOneInput")
public func httpParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunkSize = Int(data[0]) + 1
    let stream = UnsafeRawBufferPointer(start: data + 1, count: size - 1)

    let whole = parseRequests(stream, chunkSize: stream.count)
    let split = parseRequests(stream, chunkSize: chunkSize)
    if whole.requests != split.requests || whole.error != split.error {
        fatalError("chunk size \(chunkSize) changed the result")
    }
    if let error = whole.error, ![400, 413, 414, 431, 501, 505].contains(error.status.code) {
        fatalError("unexpected status \(error.status.code)")
    }
    for request in whole.requests {
        if request.head.headers.count > limits.maxHeaderCount || request.body.count > limits.maxBodySize {
            fatalError("limit not enforced")
        }
        _ = request.head.keepAlive
        _ = request.head.isWebSocketUpgrade
        _ = HTTPResponse.notFound().bytes
    }

    var responseParser = HTTPResponseParser(maxHeadSize: 1024, maxHeaderCount: 16)
    var index = 0
    if let head = try? responseParser.nextHead(from: stream, index: &index) {
        if index > stream.count || head.headers.count > 16 { fatalError("response parser overran") }
        var serialized: [UInt8] = []
        HTTPResponse.serializeHead(head, contentLength: 0, into: &serialized)
    }
    return 0
}

private func parseRequests(_ stream: UnsafeRawBufferPointer, chunkSize: Int) -> (requests: [HTTPRequest], error: HTTPParseError?) {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [HTTPRequest] = []
    var start = 0
    repeat {
        let end = min(stream.count, start + chunkSize)
        let chunk = UnsafeRawBufferPointer(rebasing: stream[start..<end])
        var index = 0
        do {
            while let request = try parser.nextRequest(from: chunk, index: &index) { requests.append(request) }
        } catch {
            return (requests, error)
        }
        if index != chunk.count { fatalError("parser stopped at \(index) of \(chunk.count)") }
        start = end
    } while start < stream.count
    return (requests, nil)
}
