/// The application's part of an ``HTTPServer``: answers the requests the server does not serve
/// itself (those under ``HTTPServerConfiguration/applicationPathPrefix``).
///
/// Called off the connection's loop, one request at a time per connection (the connection reads no
/// further request until the response is written, so pipelined responses keep their order). The
/// response is written back on the connection's loop; a streamed body is written as it is produced,
/// with back-pressure from the connection (see ``HTTPBodyWriter``).
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPApplicationRequest) async -> HTTPApplicationResponse
}
