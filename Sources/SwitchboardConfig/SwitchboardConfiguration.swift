/// A complete, validated Switchboard configuration: the typed form of `switchboard.yaml`.
///
/// Obtain one from ``ConfigLoader`` (which validates) or build one in code and run
/// ``ConfigValidator/validate(_:sourceMap:file:)`` on it.
public struct SwitchboardConfiguration: Sendable, Hashable {
    public var server: ServerSettings
    public var store: StoreSettings
    public var reload: ReloadSettings
    public var routing: RoutingSettings
    public var channels: ChannelRules
    public var skills: [SkillDefinition]
    public var queues: [QueueDefinition]
    /// The roster (`agents:` as a list, or `agents.roster`).
    public var agents: [AgentDefinition]
    /// Settings of every agent (`agents.login_state`, `agents.tenure`).
    public var agentSettings: AgentSettings
    public var credentials: Credentials
    /// Issuers whose signed tokens (JWTs) log clients in besides ``credentials`` (`identity_providers:`).
    public var identityProviders: [IdentityProvider]
    /// Customer memory and repeat contacts (`customers:`).
    public var customers: CustomerSettings
    /// What raises alerts (`alerts:`).
    public var alerts: AlertSettings
    /// Customer tiers and their dedicated agents (`tiers:`).
    public var tiers: [TierDefinition]
    /// The wellbeing guard (`wellbeing:`).
    public var wellbeing: WellbeingSettings

    public init(
        server: ServerSettings = ServerSettings(),
        store: StoreSettings = StoreSettings(),
        reload: ReloadSettings = ReloadSettings(),
        routing: RoutingSettings = RoutingSettings(),
        channels: ChannelRules = ChannelRules(),
        skills: [SkillDefinition] = [],
        queues: [QueueDefinition] = [],
        agents: [AgentDefinition] = [],
        agentSettings: AgentSettings = AgentSettings(),
        credentials: Credentials = Credentials(),
        identityProviders: [IdentityProvider] = [],
        customers: CustomerSettings = CustomerSettings(),
        alerts: AlertSettings = AlertSettings(),
        tiers: [TierDefinition] = [],
        wellbeing: WellbeingSettings = WellbeingSettings()
    ) {
        self.server = server
        self.store = store
        self.reload = reload
        self.routing = routing
        self.channels = channels
        self.skills = skills
        self.queues = queues
        self.agents = agents
        self.agentSettings = agentSettings
        self.credentials = credentials
        self.identityProviders = identityProviders
        self.customers = customers
        self.alerts = alerts
        self.tiers = tiers
        self.wellbeing = wellbeing
    }

    /// The queue named `name`, if any.
    public func queue(named name: String) -> QueueDefinition? {
        queues.first { $0.name == name }
    }

    /// The tier named `name`, if any.
    public func tier(named name: String) -> TierDefinition? {
        tiers.first { $0.name == name }
    }

    /// The agent with id `id`, if any.
    public func agent(id: String) -> AgentDefinition? {
        agents.first { $0.id == id }
    }
}
