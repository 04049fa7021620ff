namespace Middleware.Core.CallState;

/// <summary>One agent (queue member) across all its queues.</summary>
internal sealed class LiveAgent(string agent)
{
    public string Agent { get; } = agent;

    public string? Name { get; set; }

    public AgentState State { get; set; } = AgentState.Unknown;

    public bool Paused { get; set; }

    public HashSet<string> Queues { get; } = [];

    public string? CurrentCallId { get; set; }

    public int HandledToday { get; set; }

    public DateTimeOffset? IdleSince { get; set; }

    public bool IsIdle => !Paused && CurrentCallId is null && State is AgentState.Idle;

    public AgentSnapshot Snapshot() =>
        new(Agent, Name, State, Paused, Queues.Order(StringComparer.Ordinal).ToArray(), CurrentCallId, HandledToday, IdleSince);
}
