/// The routing core: a pure, synchronous, deterministic model of queues, agents and offers.
public enum SwitchboardRouterModule {}
