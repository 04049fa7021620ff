namespace Middleware.Core.Events;

public enum AgentState { Unknown, LoggedOut, Idle, Ringing, Busy, OnHold, Paused, Unavailable, WrapUp }

/// <param name="Agent">Stable agent key (an Asterisk queue member interface, a SIP AOR).</param>
/// <param name="Change">What happened: added, removed, paused, unpaused, status, penalty, called, connected, completed, ring-no-answer.</param>
public sealed record AgentStateChanged(
    string Agent,
    string? AgentName,
    AgentState State,
    string? Queue,
    string Change,
    bool? Paused = null,
    string? Reason = null,
    int? Penalty = null,
    int? CallsTaken = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.AgentStateChanged;
}

/// <param name="Change">params, summary, caller-joined, caller-left, caller-abandoned.</param>
public sealed record QueueStateChanged(
    string Queue,
    string Change,
    int? Waiting = null,
    int? LoggedIn = null,
    int? Available = null,
    double? LongestHoldSeconds = null,
    int? Completed = null,
    int? Abandoned = null,
    double? ServiceLevelPercent = null,
    string? Strategy = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.QueueStateChanged;
}
