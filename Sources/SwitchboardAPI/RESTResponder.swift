import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime
import SwitchboardMessages
public import SwitchboardServer
import SwitchboardHTTP
public import SwitchboardTransport

/// The REST API on the server's HTTP transport: serves `GET /v1/openapi.yaml` (the document the
/// handlers are generated from), hands every other request under `/v1/` to the generated server
/// through ``OpenAPIRoutes``, and answers refusals as problem details carrying the request id.
public struct RESTResponder: HTTPResponder {
    /// The path the OpenAPI document is served at.
    public static let documentPath = "/v1/openapi.yaml"
    /// Largest response body collected in memory; longer or unsized bodies are streamed.
    static let maxCollectedBody = 4 << 20

    let routes: OpenAPIRoutes

    /// - Parameter services: the routing owner, credentials and login policy the API works with.
    public init(services: ServerServices) throws {
        routes = OpenAPIRoutes()
        let handler = RESTHandler(hub: services.hub, authenticator: Authenticator(credentials: services.credentials, policy: services.policy))
        try handler.registerHandlers(on: routes, configuration: Configuration(jsonEncodingOptions: [.sortedKeys]))
    }

    public func respond(to request: HTTPApplicationRequest) async -> HTTPApplicationResponse {
        let path = request.head.path
        if path == Self.documentPath {
            guard request.head.method == "GET" || request.head.method == "HEAD" else {
                return problem(APIProblem(.badRequest, "\(path) answers GET and HEAD only", status: .methodNotAllowed, headers: [("Allow", "GET, HEAD")]), request)
            }
            return HTTPApplicationResponse(status: .ok, headers: [("Content-Type", "application/yaml; charset=utf-8")],
                                           body: .bytes(Array(OpenAPIDocument.yaml.utf8)))
        }
        switch routes.match(method: request.head.method, path: path) {
        case .notFound:
            return problem(APIProblem(.notFound, "no resource at \(path)"), request)
        case .methodNotAllowed(let allowed):
            return problem(APIProblem(.badRequest, "\(path) does not answer \(request.head.method); it answers \(allowed.joined(separator: ", "))",
                                      status: .methodNotAllowed, headers: [("Allow", allowed.joined(separator: ", "))]), request)
        case .found(let handler, let parameters):
            return await run(handler, parameters: parameters, request)
        }
    }

    private func run(_ handler: OpenAPIRoutes.Handler, parameters: [String: Substring], _ request: HTTPApplicationRequest) async -> HTTPApplicationResponse {
        let context = RequestContext(request)
        do {
            let (head, body) = try await RequestContext.$current.withValue(context) {
                try await handler(Self.typedRequest(request), request.body.isEmpty ? nil : HTTPBody(request.body),
                                  ServerRequestMetadata(pathParameters: parameters))
            }
            return try await Self.response(head, body)
        } catch {
            if let refusal = Self.problem(in: error) { return problem(refusal, request) }
            if !context.wasHandlerReached {
                // The generated code refused the request's shape before any handler ran.
                return problem(APIProblem(.badRequest, Self.describe(error)), request)
            }
            request.logger.error("REST request failed", metadata: ["sb.error": "\(error)"])
            return problem(APIProblem(.internalError, "the request failed on the server"), request)
        }
    }

    private func problem(_ problem: APIProblem, _ request: HTTPApplicationRequest) -> HTTPApplicationResponse {
        request.logger.debug("REST request refused", metadata: ["sb.http.status": "\(problem.status.code)", "sb.error": "\(problem.error)"])
        var headers = problem.headers
        headers.add(name: "Content-Type", value: "application/problem+json")
        return HTTPApplicationResponse(status: problem.status, headers: headers, body: .bytes(problem.body(requestID: request.requestID)))
    }

    // MARK: Conversions

    static func typedRequest(_ request: HTTPApplicationRequest) throws(APIProblem) -> HTTPTypes.HTTPRequest {
        guard let method = HTTPTypes.HTTPRequest.Method(request.head.method) else {
            throw APIProblem(.badRequest, "unsupported method \(request.head.method)")
        }
        var fields = HTTPFields()
        for (name, value) in request.head.headers {
            guard let field = HTTPField.Name(name) else { throw APIProblem(.badRequest, "header name \(name) is not a token") }
            fields.append(HTTPField(name: field, value: value))
        }
        return HTTPTypes.HTTPRequest(method: method, scheme: nil, authority: request.head.headers["Host"], path: request.head.target, headerFields: fields)
    }

    static func response(_ head: HTTPTypes.HTTPResponse, _ body: HTTPBody?) async throws -> HTTPApplicationResponse {
        var headers = SwitchboardHTTP.HTTPHeaders()
        for field in head.headerFields { headers.add(name: field.name.rawName, value: field.value) }
        let status = HTTPStatus(code: head.status.code)
        guard let body else { return HTTPApplicationResponse(status: status, headers: headers) }
        if case .known(let length) = body.length, length <= maxCollectedBody {
            let bytes = try await [UInt8](collecting: body, upTo: maxCollectedBody)
            return HTTPApplicationResponse(status: status, headers: headers, body: .bytes(bytes))
        }
        headers.remove(name: "Content-Length")
        return HTTPApplicationResponse(status: status, headers: headers, body: .stream { writer in
            for try await chunk in body { try await writer.write(Array(chunk)) }
        })
    }

    /// The ``APIProblem`` a handler threw, under the generated code's wrapping.
    static func problem(in error: any Error) -> APIProblem? {
        if let problem = error as? APIProblem { return problem }
        if let server = error as? ServerError { return problem(in: server.underlyingError) }
        return nil
    }

    /// What was wrong with a request the generated code refused, for the client.
    static func describe(_ error: any Error) -> String {
        let underlying = (error as? ServerError)?.underlyingError ?? error
        if let decoding = underlying as? DecodingError {
            switch decoding {
            case .typeMismatch(let type, let context): return "field \(path(context)): expected \(type)"
            case .valueNotFound(_, let context): return "field \(path(context)): missing value"
            case .keyNotFound(let key, let context): return "field \(path(context, key)): missing"
            case .dataCorrupted(let context): return "field \(path(context)): \(context.debugDescription)"
            @unknown default: return "\(decoding)"
            }
        }
        if let server = error as? ServerError { return server.causeDescription }
        return "\(underlying)"
    }

    private static func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
        let keys = context.codingPath + (key.map { [$0] } ?? [])
        let text = keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return text.isEmpty ? "(body)" : text
    }
}
