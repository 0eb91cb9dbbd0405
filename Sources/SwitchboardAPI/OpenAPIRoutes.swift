public import HTTPTypes
public import OpenAPIRuntime
import Synchronization

/// The generated server's routes, registered through OpenAPIRuntime's ``ServerTransport`` and looked
/// up by method and path (`/v1/interactions/{id}`: literal segments, one `{name}` per parameter).
public final class OpenAPIRoutes: ServerTransport, Sendable {
    public typealias Handler = @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)

    private struct Route: Sendable {
        let method: HTTPRequest.Method
        let segments: [Segment]
        let handler: Handler
    }

    private enum Segment: Sendable, Equatable {
        case literal(Substring)
        case parameter(String)
    }

    /// What a request's method and path find.
    public enum Match: Sendable {
        case found(Handler, parameters: [String: Substring])
        /// The path exists for other methods only.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private let routes = Mutex<[Route]>([])

    public init() {}

    public func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(part)
        }
        routes.withLock { $0.append(Route(method: method, segments: Array(segments), handler: handler)) }
    }

    /// The route for `method` and `path` (the request target's path, still percent-encoded).
    public func match(method: String, path: Substring) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var allowed: [String] = []
        return routes.withLock { routes -> Match in
            for route in routes where route.segments.count == parts.count {
                var parameters: [String: Substring] = [:]
                var matches = true
                for (segment, part) in zip(route.segments, parts) {
                    switch segment {
                    case .literal(let literal): matches = literal == part
                    case .parameter(let name):
                        matches = !part.isEmpty
                        parameters[name] = part
                    }
                    if !matches { break }
                }
                guard matches else { continue }
                if route.method.rawValue == method { return .found(route.handler, parameters: parameters) }
                allowed.append(route.method.rawValue)
            }
            return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
        }
    }
}
