/// `openapi.yaml` (beside this file) word for word, served at `GET /v1/openapi.yaml` so a binary run
/// from anywhere describes itself; a test keeps the two identical.
enum OpenAPIDocument {
    /// The document's bytes (the file ends with a line break, which a multi-line literal leaves out).
    static let yaml = text + "\n"

    private static let text = #"""
openapi: 3.0.3
info:
  title: Switchboard REST API
  version: 1.0.0
  description: |
    Sources post and follow interactions; supervisors and admins read queues, agents and any
    interaction. Every request carries `Authorization: Bearer <token>`: the same tokens, roles and
    rights as the WebSocket protocol (docs/REST.md). Errors are RFC 9457 problem details
    (`application/problem+json`) with the WebSocket error `code`. Every response carries
    `X-Request-Id` (the client's own when it sends a short token, else a new one).
security:
  - bearerAuth: []
paths:
  /v1/interactions:
    post:
      operationId: createInteraction
      summary: Queue a new interaction (sources).
      description: |
        The same fields as the WebSocket `enqueue`. Idempotent through the body's `id` or the
        `Idempotency-Key` header (used as the id when the body names none): sending the same id again
        answers 200 with the interaction as it is now. 201 and 200 are sent only once the
        interaction is recorded in the store.
      parameters:
        - name: Idempotency-Key
          in: header
          required: false
          schema:
            type: string
            minLength: 1
            maxLength: 128
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/EnqueueRequest'
      responses:
        '201':
          description: Created and recorded.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Interaction'
          links:
            GetCreatedInteraction:
              operationId: getInteraction
              parameters:
                id: '$response.body#/id'
            CancelCreatedInteraction:
              operationId: cancelInteraction
              parameters:
                id: '$response.body#/id'
        '200':
          description: Replayed; the interaction as it is now.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Interaction'
        default:
          $ref: '#/components/responses/Problem'
  /v1/interactions/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: string
          minLength: 1
          maxLength: 128
    get:
      operationId: getInteraction
      summary: An interaction's status, position and estimated wait (its source, supervisors, admins).
      responses:
        '200':
          description: The interaction now, or how it ended.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Interaction'
        default:
          $ref: '#/components/responses/Problem'
    delete:
      operationId: cancelInteraction
      summary: Cancel an interaction (its source); answered once recorded.
      parameters:
        - name: reason
          in: query
          required: false
          schema:
            type: string
            maxLength: 512
      responses:
        '200':
          description: Cancelled and recorded; the interaction as it ended.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Interaction'
        default:
          $ref: '#/components/responses/Problem'
  /v1/queues:
    get:
      operationId: listQueues
      summary: Live statistics of every queue (supervisors, admins).
      responses:
        '200':
          description: Every configured queue.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/QueueList'
        default:
          $ref: '#/components/responses/Problem'
  /v1/queues/{name}:
    get:
      operationId: getQueue
      summary: Live statistics of one queue (supervisors, admins).
      parameters:
        - name: name
          in: path
          required: true
          schema:
            type: string
            minLength: 1
            maxLength: 128
      responses:
        '200':
          description: The queue.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/QueueStats'
        default:
          $ref: '#/components/responses/Problem'
  /v1/agents:
    get:
      operationId: listAgents
      summary: The state of every agent (supervisors, admins).
      responses:
        '200':
          description: Every agent in the roster.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/AgentList'
        default:
          $ref: '#/components/responses/Problem'
  /v1/events:
    get:
      operationId: streamEvents
      summary: The resumable event stream as Server-Sent Events (sources, supervisors, admins).
      description: |
        Every interaction and agent event after `since` (or `Last-Event-ID`, which wins when both are
        sent, as a reconnecting EventSource sends it), replayed from the store then live as it commits:
        sources get their own interactions' events, supervisors and admins every one. Each SSE event
        has `id:` its sequence number and `data:` the same JSON object as the WebSocket `event`
        message; the stream opens with a comment naming `since` and the store's newest sequence
        number. A consumer too slow for its buffer receives `event: stopped` (data: the WebSocket
        `events_stopped` message, naming the last sequence number sent) and the stream ends: resume
        with `Last-Event-ID` or `since` set to it. A `since` older than retention keeps, or past the
        store's end, is 409 naming the sequence number to use; without a store, 503. The stream does
        not end by itself.
      parameters:
        - name: since
          in: query
          required: false
          description: The last sequence number processed; 0 (the default) for everything the store keeps.
          schema:
            type: integer
            format: int64
            minimum: 0
        - name: Last-Event-ID
          in: header
          required: false
          description: The `id` of the last event received (a decimal sequence number).
          schema:
            type: string
            maxLength: 20
      responses:
        '200':
          description: The event stream (never ends by itself).
          content:
            text/event-stream:
              schema:
                type: string
        default:
          $ref: '#/components/responses/Problem'
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
  responses:
    Problem:
      description: The request was refused; `code` is the WebSocket error code.
      content:
        application/problem+json:
          schema:
            $ref: '#/components/schemas/Problem'
  schemas:
    EnqueueRequest:
      type: object
      required: [channel, queue]
      properties:
        id:
          type: string
          minLength: 1
          maxLength: 128
          description: The client's id for the interaction (idempotency); the server makes one up when absent.
        channel:
          $ref: '#/components/schemas/Channel'
        queue:
          type: string
          minLength: 1
          maxLength: 128
        skills:
          type: object
          description: Required skills and their minimum levels (1-10), replacing the queue's.
          additionalProperties:
            type: integer
            minimum: 1
            maximum: 10
        priority:
          type: integer
          minimum: 0
          maximum: 100
        customerId:
          type: string
          maxLength: 128
        tier:
          type: string
          maxLength: 128
        preferredAgent:
          type: string
          maxLength: 128
        attributes:
          type: object
          description: Free-form attributes shown to the agent; text values can drive routing rules.
          additionalProperties: true
    Channel:
      type: string
      enum: [voice, chat, email, sms, callback, video]
    Interaction:
      type: object
      required: [id, status, position]
      properties:
        id:
          type: string
        status:
          type: string
          enum: [waiting, offered, assigned, completed, abandoned, ended]
        queue:
          type: string
          nullable: true
        position:
          type: integer
          description: 1-based among those waiting in the queue; 0 otherwise.
        estimatedWaitMs:
          type: integer
          nullable: true
          description: Estimated wait while waiting (absent or null when nobody staffs the queue); 0 otherwise.
        agentId:
          type: string
          nullable: true
        reason:
          type: string
          nullable: true
          description: Why it ended (the cancel reason, a queue's end reason), when known.
    QueueStats:
      type: object
      required: [name, waiting, longestWaitMs, available, busy, offered, answered, abandoned, asaMs]
      properties:
        name:
          type: string
        waiting:
          type: integer
        longestWaitMs:
          type: integer
        available:
          type: integer
        busy:
          type: integer
        offered:
          type: integer
        answered:
          type: integer
        abandoned:
          type: integer
        serviceLevel:
          type: number
          nullable: true
          description: Share answered within the queue's threshold (0-1); null before anything was answered.
        asaMs:
          type: integer
    QueueList:
      type: object
      required: [queues]
      properties:
        queues:
          type: array
          items:
            $ref: '#/components/schemas/QueueStats'
    AgentStatus:
      type: object
      required: [id, state, load]
      properties:
        id:
          type: string
        state:
          type: string
          enum: [offline, available, not_ready, reserved, busy, wrap_up]
        reason:
          type: string
          nullable: true
        load:
          type: object
          description: Interactions held per channel.
          additionalProperties:
            type: integer
    AgentList:
      type: object
      required: [agents]
      properties:
        agents:
          type: array
          items:
            $ref: '#/components/schemas/AgentStatus'
    Problem:
      type: object
      description: RFC 9457 problem details.
      required: [type, title, status, detail, code, requestId]
      properties:
        type:
          type: string
          description: 'urn:switchboard:problem:<code>'
        title:
          type: string
        status:
          type: integer
        detail:
          type: string
        code:
          type: string
          enum: [bad_request, unauthorized, forbidden, not_found, conflict, unavailable, limit_exceeded, internal_error]
        instance:
          type: string
          description: 'urn:switchboard:request:<request id>'
        requestId:
          type: string
"""#
}
