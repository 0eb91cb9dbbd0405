/// The built-in demo configuration, used when no configuration file is given and
/// `Config/switchboard.yaml` does not exist. It is the same text as `Config/switchboard.yaml`
/// (a test keeps the two in step) and goes through the same loader and validation.
///
/// It listens on 127.0.0.1:8080 only, stores to `switchboard.sqlite` in the working directory, and
/// accepts these documented demo tokens (stored hashed):
/// - agents: `agent-alice-demo`, `agent-bob-demo`, `agent-carmen-demo`, `agent-dmitri-demo`,
///   `agent-erin-demo`, `agent-farid-demo`, `agent-grace-demo`
/// - source (`demo-gateway`): `source-demo`
/// - supervisor: `supervisor-demo`
/// - admin: `admin-demo`
public enum EmbeddedConfiguration {
    /// The name problems in the embedded text are reported under.
    public static let fileName = "<embedded default>"

    /// The plain demo tokens, by principal, for documentation, examples and tests.
    public static let demoTokens: [(token: String, principal: Principal)] = [
        ("agent-alice-demo", .agent(id: "alice")),
        ("agent-bob-demo", .agent(id: "bob")),
        ("agent-carmen-demo", .agent(id: "carmen")),
        ("agent-dmitri-demo", .agent(id: "dmitri")),
        ("agent-erin-demo", .agent(id: "erin")),
        ("agent-farid-demo", .agent(id: "farid")),
        ("agent-grace-demo", .agent(id: "grace")),
        ("source-demo", .source(name: "demo-gateway")),
        ("supervisor-demo", .supervisor(name: "floor-lead")),
        ("admin-demo", .admin(name: "ops")),
    ]

    /// Parses and validates the embedded text.
    public static func load() throws(ConfigError) -> SwitchboardConfiguration {
        try ConfigLoader.load(yaml: yaml, file: fileName)
    }

    /// The YAML text.
    public static let yaml = #"""
# Switchboard configuration: the demo setup, documenting every option.
#
# Validate after editing:   swift run switchboard check-config Config/switchboard.yaml
# Apply without a restart:  send SIGHUP, the admin "reload" message, or set reload.watch_file.
# Durations are in seconds unless a key says otherwise (…_ms). Omitted keys take the default shown.
#
# Demo tokens (hashed below; never use them outside a demo):
#   agents:      agent-alice-demo, agent-bob-demo, agent-carmen-demo, agent-dmitri-demo,
#                agent-erin-demo, agent-farid-demo, agent-grace-demo
#   source:      source-demo
#   supervisor:  supervisor-demo
#   admin:       admin-demo

server:
  listen:
    host: 127.0.0.1            # address to bind; loopback only by default. Env SWITCHBOARD_HOST, flag --host.
    port: 8080                 # TCP port 1–65535. Env SWITCHBOARD_PORT, flag --port.
  # tls:                       # serve wss:// and https:// instead of ws:// (both keys required)
  #   certificate: /etc/switchboard/cert.pem   # PEM certificate chain
  #   key: /etc/switchboard/key.pem            # PEM private key
  limits:                      # a reload applies every limit except event_loop_threads, max_message_bytes,
                               # hello_timeout_seconds, agent_reconnect_grace_seconds, ping_interval_seconds and
                               # presence_timeout_seconds (like listen, tls and web_root: at the next restart;
                               # a reload changing them logs so). Open connections keep what they started with.
    max_message_bytes: 65536   # largest WebSocket message accepted (1024 – 16777216)
    max_connections: 10000     # TCP connections at once; more are closed at accept, counted and logged (1 – 1000000)
    reserved_connections: 16   # beyond max_connections, kept for admins: others logging in there get unavailable (0 – 1000)
    max_unauthenticated_per_address: 1000  # connections one client address may hold before they log in; more are
                               # closed at accept (1 – 1000000). Raise it for a load tester opening thousands at once.
    first_request_timeout_seconds: 10  # a new connection must complete its HTTP request / upgrade by then (> 0, ≤ 60)
    unauthenticated_output_bytes: 262144  # output a connection may have queued before hello succeeds; a client that
                               # does not read is cut past it (4096 – 16777216; after login: 2 × max_message_bytes + 1 MiB,
                               # at least 16 MiB)
    max_queued_output_bytes: 268435456  # output queued for all connections together; past it the slowest readers are cut
    event_loop_threads: auto   # socket threads: "auto" (one per core) or 1–256
    hello_timeout_seconds: 10  # time a new connection has to send "hello" (> 0, ≤ 300)
    agent_reconnect_grace_seconds: 60  # a disconnected agent keeps its active work this long (0 – 3600)
    ping_interval_seconds: 10  # server pings every client this often (> 0, ≤ 300)
    presence_timeout_seconds: 30       # no pong for this long = gone; must exceed ping_interval_seconds
    max_connections_per_source: 64     # connections one source principal may hold at once (1 – 100000)
    max_connections_per_supervisor: 16 # connections one supervisor or admin principal may hold at once (1 – 100000)
    messages_per_second: 100   # messages an agent, supervisor or admin connection (or one before hello) may send
    message_burst: 200         # per second on average, and at once; beyond it messages get limit_exceeded, and a
                               # client that keeps sending (message_burst more refused in a row) is cut (1008)
    source_messages_per_second: 20000  # the same for a source's connection (a gateway's whole traffic)
    source_message_burst: 40000
    failed_logins_before_lockout: 20   # failed hellos from one address (within 10 min) before it is locked out;
                                       # after the 3rd, each refusal is delayed 0.25 s, doubling up to 5 s
    login_lockout_seconds: 300 # a locked-out address gets limit_exceeded for every hello this long (0 – 86400)
  # web_root: Web              # directory of static files served over HTTP (wallboard); none by default.
                               # Symbolic links below it are never followed (404).
  allowed_origins: []          # browser origins (scheme://host[:port]) that may open the WebSocket besides the
                               # server's own; "*" allows any, "null" a file:// page. Clients sending no Origin
                               # (gateways, desktop apps) are always allowed; others get 403 before the upgrade.
  log_format: text             # log lines on standard error: "text" (readable) or "json" (one object per line:
                               # time, level, label, message, source and each sb.* metadata key as a member).
                               # Env SWITCHBOARD_LOG_FORMAT, flag --log-format. Read at start: a reload changing
                               # it logs that it waits for the next restart.

store:
  path: switchboard.sqlite     # SQLite database, relative to the working directory. Env SWITCHBOARD_DB, flag --db.
  retention_days: 30           # days the event log is kept (deleted hourly, in small chunks); 0 keeps it forever
  group_commit:
    max_batch: 512             # writes per transaction at most (1 – 100000)
    max_delay_ms: 2            # a transaction starts at most once per this many ms: this long after the first write
                               # when idle, after the previous start when busy (0 – 10000);
                               # the ok to enqueue/accept/complete/cancel waits for that commit

reload:
  watch_file: false            # also reload when this file changes on disk (inotify)
  debounce_ms: 300             # wait this long after the last change before reloading (0 – 60000)
  removed_queues:              # removed queue → queue that takes its waiting interactions on reload;
    retail: sales              # removing a queue that still holds work and is not listed here refuses the reload

routing:
  random_seed: 42              # seed of the "random" strategy, so runs are reproducible (≥ 0)
  reject_skip_seconds: 30      # an agent who rejected an interaction is not offered it again for this long
  preferred_agent_fallback_seconds: 30  # wait for a preferred agent this long before offering to anyone
                               # (not at all while that agent is logged out or cannot take it: skills,
                               # capacity on the channel; it must be in the roster)
  max_waiting: 1000000         # interactions waiting across all queues at most; more are refused (unavailable)

channels:
  capacity:                    # concurrent interactions per agent and channel, unless the agent says otherwise (0 – 50)
    voice: 1
    chat: 3
    email: 5
    sms: 5
    callback: 1
    video: 1
  exclusive: [voice]           # active work on these channels blocks every other channel for that agent

# Customer memory: each customer's recent contacts (by customerId, across channels), so a contact that comes
# back soon is recognised as a repeat, shown to the agent and routed with care. Held in memory, rebuilt from
# the store at start; a reload applies to the next contact.
customers:
  memory: true                 # remember customers; false: no memory, so no repeats, repeat alerts or customer in offers
  window_hours: 24             # contacts older than this are forgotten (0.01 – 720)
  max_customers: 1000000       # customers held at most; beyond it the least recently seen is forgotten (1 – 50000000)
  max_contacts_per_customer: 50  # contacts kept per customer; older ones in the window are dropped (2 – 1000)
  topic_attribute: topic       # the interaction attribute naming what a contact is about (attributes.topic)
  repeat:                      # when a contact is a repeat, and how it is routed (a queue may override any key)
    contacts: 3                # the Nth contact in the window is a repeat (2 – max_contacts_per_customer; 0 off)
    same_topic_contacts: 2     # the Nth contact about one topic in the window is a repeat (likewise; 0 off)
    priority_boost: 10         # added to a repeat's priority, capped at 100 (0 – 100)
    last_agent: true           # offer a repeat first to the agent who last handled this customer
    last_agent_wait_seconds: 20  # wait that long for the last agent, then anyone qualified (0 – 3600)
    wait_for_not_ready: false  # also wait while the last agent is not ready (never while logged out)
    alert: true                # raise a repeat_contact alert for each repeat

# Alerts, pushed to supervisors and admins subscribed to the "alerts" topic. A reload applies at once.
alerts:
  topic_surge:                 # far more contacts about one topic (customers.topic_attribute) than usual
    enabled: true              # watch topics for surges
    window_minutes: 15         # the sliding window counted, in one-minute buckets (1 – 1440)
    floor: 20                  # never a surge below this many contacts in the window (1 – 1000000)
    multiple: 3                # …nor below this multiple of the usual count for the window (1 – 1000)
    clear_ratio: 0.7           # cleared when the count falls below clear_ratio × the raise threshold (0.1 – 1)
    baseline_half_life_hours: 24  # how fast the usual rate follows a lasting change (0.1 – 8760)
    baseline_days: 7           # history read from the store at start to learn the usual rate (0 – 365)
    max_topics: 1000           # topics tracked at once, bounding memory (1 – 100000)
    per_queue: true            # also watch each queue's arrivals for surges
  complaints:                  # complaints left waiting raise complaint_waiting (queues: complaint: true)
    attributes: {kind: complaint}  # an interaction with any of these attribute values is a complaint ({} for none)
    deadline_seconds: 120      # a complaint not yet answered after this long raises the alert (1 – 86400)
  service_level:               # a queue answering less than its service_level_target within service_level_seconds
    enabled: true              # watch every queue's service level
    window_minutes: 30         # rolling window of answered and abandoned contacts per queue (1 – 1440)
    min_contacts: 20           # no verdict on fewer contacts in the window (1 – 1000000)
    clear_margin: 0.05         # cleared once the level is back at target + margin (0 – 0.5)

# Wellbeing guard: demanding work (complaints, angry customers) wears people down, so routing spreads it and
# supervisors get an agent_strain alert before someone burns out. Routing prefers, never strands work: demanding
# work goes to an agent in a cool-down (or a new agent) only when nobody else can take it. A reload applies at once.
wellbeing:
  enabled: true                # false: no cool-downs, recovery pauses or strain alerts
  demanding:                   # what makes an interaction demanding
    queues: [complaints]       # all work of these queues (default none)
    attributes: {kind: complaint, sentiment: negative}  # any of these attribute values (default {kind: complaint}; {} for none)
    dispositions: [escalated]  # a contact completed with one of these counts as demanding after the fact (default [escalated])
  streak: 3                    # this many demanding contacts in a row start a cool-down (0 off; 1 – 100)
  cool_down_minutes: 15        # for this long demanding work goes to others when anyone else can take it (0 – 480)
  recovery_pause_minutes: 0    # after a streak, not_ready "recovery" this long; the agent may end it early (0 off; 0 – 120)
  demanding_per_hour: 8        # agent_strain alert beyond this many demanding contacts in an hour (0 off; 0 – 1000)
  continuous_busy_minutes: 90  # agent_strain alert beyond this much busy time without a break (0 off; 0 – 1440)
  occupancy_ceiling: 0.9       # agent_strain alert above this occupancy over a rolling hour (0 – 1; 1 off)

# Skills: a bare name, or {name, description}. Levels are 1 (novice) to 10 (expert).
skills:
  - english
  - spanish
  - name: billing
    description: invoices, refunds, payment plans
  - name: technical
    description: troubleshooting and setup
  - name: vip
    description: trained for premium customers
  - name: complaints
    description: de-escalation

# Queues. Channels: voice, chat, email, sms, callback, video.
# Strategies: longest-idle (default), least-occupied, most-skilled, round-robin, fewest-handled, random.
queues:
  - name: sales
    description: new business by phone and chat
    channels: [voice, chat]    # channels the queue accepts (at least one)
    requirements:              # default minimum level per skill for interactions here
      english: 3
    priority: 50               # priority 0–100 of interactions enqueued without one (higher first)
    strategy: longest-idle     # picks among several eligible agents
    aging_points_per_second: 1 # priority gained per second waited, so old work cannot starve (0 – 100)
    max_size: 200              # waiting interactions at most; further enqueues are refused (default 10000)
    max_wait:                  # after this long: "overflow: <queue>" (keeps the wait) or "end: <reason>"
      seconds: 900
      end: no_agent_available
    wrap_up_seconds: 15        # after-contact work before the agent is available again (0 – 3600)
    offer_timeout_seconds: 20  # an offer not accepted in time is revoked; the agent goes not_ready (1 – 900)
    service_level_seconds: 20  # answered within this counts toward the service level (e.g. 80/20)
    service_level_target: 0.8  # share answered within service_level_seconds aimed for (0 – 1; default 0.8)
    parallel_offers: 1         # ring-all: offer to this many agents at once, first accept wins (1 – 50)

  - name: support
    description: technical help over every written channel and phone
    channels: [chat, email, voice]
    requirements:
      english: 3
      technical: 5
    strategy: least-occupied
    relaxation:                # widen the requirements as the wait grows (ascending "after")
      - after: 60              # seconds waited
        lower_by: 2            # lower the minimum level by 1–9 (never below 1)…
        skill: technical       # …on this skill only; omit "skill" to lower every required skill
      - after: 180
        drop: technical        # or drop a skill's requirement altogether
    max_size: 1000
    wrap_up_seconds: 30
    service_level_seconds: 60
    new_agent_demanding_chats: 1    # a new agent already holding this many demanding chats (from any queue) is
                               # offered none of this queue's demanding chats (e.g. sentiment: negative) (0 – 50; default no cap)

  - name: billing
    channels: [voice]
    requirements:
      billing: 4
    strategy: most-skilled
    max_wait:
      seconds: 120
      overflow: support        # the target must accept every channel of this queue
    wrap_up_seconds: 20

  - name: vip
    description: premium customers, ideally with their own account manager
    channels: [voice, chat, video]
    requirements:
      vip: 1
    priority: 70
    strategy: most-skilled
    parallel_offers: 2
    preferred_agent_fallback_seconds: 45   # overrides routing.preferred_agent_fallback_seconds here
    offer_timeout_seconds: 15

  - name: complaints
    description: answer fast; escalate to support if it waits too long
    channels: [voice, chat, email]
    requirements:
      complaints: 4
    priority: 90
    strategy: fewest-handled   # spreads hard conversations across people
    aging_points_per_second: 2
    service_level_seconds: 10
    service_level_target: 0.9
    complaint: true            # every interaction of this queue is a complaint, whatever its attributes
    complaint_deadline_seconds: 60  # overrides alerts.complaints.deadline_seconds here (1 – 86400)
    repeat: {priority_boost: 20}    # overrides any of customers.repeat's keys here
    minimum_stage: learning    # agents below this stage (new, learning, experienced) never get this queue's work
    wellbeing: {streak: 2}     # overrides any of wellbeing's keys here, except demanding
    max_wait:
      seconds: 300
      overflow: support

  - name: soporte
    description: Spanish-language chat and SMS
    channels: [chat, sms]
    requirements:
      spanish: 5
    strategy: round-robin
    relaxation:
      - after: 120
        lower_by: 2            # all required skills

  - name: callbacks
    description: customers who asked to be called back
    channels: [callback]
    requirements:
      english: 2
    priority: 10
    strategy: random
    offer_timeout_seconds: 60

# Agents: login_state, tenure, and the roster: id (used in tokens and offers), name, skills with levels 1–10,
# capacity per channel (missing channels use channels.capacity), an optional total_capacity, groups, and a
# stage or start_date (an agent with neither is experienced).
# (`agents:` may also be the roster list alone, with every setting at its default.)
agents:
  login_state: not_ready       # an agent logging in starts not_ready (reason "login") and makes itself available;
                               # "available" offers work at once. Back within agent_reconnect_grace_seconds,
                               # an agent gets the state it had before.
  tenure:                      # how a start_date maps to a stage: new, then learning, then experienced
    learning_after_days: 30    # days after start_date from which an agent is learning (0 – 3650)
    experienced_after_days: 90 # days after start_date from which it is experienced (learning_after_days – 3650)
  roster:
    - id: alice
      name: Alice Martin
      skills: {english: 8, billing: 7, vip: 5}
      capacity: {chat: 2}
      total_capacity: 3
      groups: [premium-desk]   # groups the agent belongs to; a tier may dedicate a whole group
    - id: bob
      name: Bob Okafor
      skills: {english: 7, technical: 8}
      capacity: {chat: 4, email: 6}
    - id: carmen
      name: Carmen Ruiz
      skills: {english: 6, spanish: 9, technical: 5}
      capacity: {sms: 8}
    - id: dmitri
      name: Dmitri Volkov
      skills: {english: 5, billing: 9}
      capacity: {chat: 0}        # 0: takes no chats
    - id: erin
      name: Erin Walsh
      skills: {english: 9, complaints: 8, vip: 7}
    - id: farid
      name: Farid Haddad
      skills: {english: 4, technical: 6, complaints: 5}
      capacity: {email: 10}
      stage: new               # new, learning or experienced: new agents are kept from demanding work…
    - id: grace
      name: Grace Lee
      skills: {english: 6, spanish: 6}
      groups: [premium-desk, spanish-desk]
      start_date: 2026-11-02   # …or the day the agent started (YYYY-MM-DD), staged by agents.tenure (not both)

# Tiers: an interaction's "tier" (premium customers) goes to the agents dedicated to it first. A reload applies
# to the next contact.
tiers:
  - name: platinum             # the tier as interactions name it (unique)
    agents: [erin]             # agents dedicated to the tier…
    priority_boost: 20         # added to the priority of the tier's interactions when ordering work (0 – 100; default 0)
    fallback_seconds: 30       # wait this long for a dedicated agent, then anyone qualified (0 – 3600; default 30)
    reserve: 1                 # dedicated agents kept free for the tier: they take other work only while more than
                               # this many of them are free (0 – the number dedicated; default 0)
    target_wait_seconds: 20    # vip_waiting alert when its interaction waits longer than this (1 – 86400; default 60)
  - name: gold
    groups: [premium-desk]     # …and/or groups (each of at least one agent); a tier needs agents or groups
    priority_boost: 10
    fallback_seconds: 15
    target_wait_seconds: 45

# Credentials: one token per principal, stored as "sha256:<64 hex>" (print one with
# `switchboard hash-token TOKEN`). Plain tokens are refused. Roles: agent (needs "agent: <id>"),
# source (needs "source: <name>"), supervisor, admin (optional "name" label for logs).
credentials:
  - {role: agent, agent: alice,  token: "sha256:287612e319ea4f6bf2df0da7adfcfbbce91f784343b7c7232c4d0b729c9da76e"}
  - {role: agent, agent: bob,    token: "sha256:924109b7f4ae13272e3571ca82486beb46feb94310658823badfe1a618e5277a"}
  - {role: agent, agent: carmen, token: "sha256:9994aaf5f6af248d49bae3663ecbcd553307849da26013b12d7de49e05ce6d90"}
  - {role: agent, agent: dmitri, token: "sha256:18ea414ff7a4a9f3f2e4edb8a0684cbd7f716de66488ebcfb4ae6d38ae3790fc"}
  - {role: agent, agent: erin,   token: "sha256:0d63c581a5003b5181e8259f3a90ae1f50fddd44b4818f9e5df1e396e5764184"}
  - {role: agent, agent: farid,  token: "sha256:94f89067998a96a2350bbcd430c0b464923715ce5e142e7f3d733cfa7eaae5a7"}
  - {role: agent, agent: grace,  token: "sha256:84eeb9efa7ce27b094b6eb1ab6819ca788966cedc91b88228a1659ad7974d2ca"}
  - {role: source, source: demo-gateway, token: "sha256:49b080fa88fa02221b9c18f1f654e2cdb2f505442475f29a2dc7c7d578692773"}
  - {role: supervisor, name: floor-lead, token: "sha256:54850f287bb886ef01eea25114adcd447299c61708f56b077f7ef039a697837a"}
  - {role: admin, name: ops, token: "sha256:198352b6a8078a827be267c847d39506629d3af446a3cc0bce670dd3a6b5d753"}

# Identity providers: besides the tokens above, `hello` and the REST API take JWTs signed by these issuers.
# A token is taken when its iss equals "issuer", its aud names an "audience", its exp (required) and nbf hold
# within clock_skew_seconds, and it is signed by the configured key with that key's own algorithm (HS256 for a
# secret, RS256 for an RSA key, ES256 for a P-256 key, a JWKS key's "alg"); alg "none" and any other algorithm
# are refused. Key files are read at every (re)load, relative to the working directory: a reload (SIGHUP, admin
# reload, or the file watcher seeing this file change) picks up a rotated key or JWKS file, and a broken one is
# refused like any problem here (the keys in force stay). Connections already logged in keep their principal;
# a token expiring during a session does not end it (exp is checked at login only).
# identity_providers:
#   - issuer: https://login.example.com/   # the token's iss must equal this (one entry per issuer)
#     audience: switchboard                # the token's aud must name this (or one of a list)
#     jwks_file: /etc/switchboard/idp-jwks.json
#                                          # exactly one key source: jwks_file (RS256/ES256 keys with a "kid";
#                                          # tokens name theirs), public_key_file (RSA or P-256 public key, PEM),
#                                          # secret_file or secret_env (HS256 shared secret, 32 bytes or more;
#                                          # never written in this file)
#     clock_skew_seconds: 60               # leeway for exp and nbf (0 – 600; default 60)
#     claims:                              # which claims name the principal (defaults shown)
#       role: sb_role                      # a role, or a list of values of which one must map to a role
#       agent: sub                         # role agent: the agent id, which must be under agents:
#       source: sub                        # role source: the source name
#       name: sub                          # supervisor, admin: a label for logs (optional in the token)
#     roles:                               # the provider's role values → Switchboard roles; without this
#       contact-center-agent: agent        # map, the values must be agent, source, supervisor or admin
#       contact-center-lead: supervisor
"""#
}
