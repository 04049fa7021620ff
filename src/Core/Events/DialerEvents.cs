namespace Middleware.Core.Events;

// Outbound campaigns: every call the dialer places and how it ended, for pacing, the abandon cap and reports.

/// <param name="DialRatio">Calls per free agent the pacing asked for when this one was placed.</param>
public sealed record DialAttemptPlaced(string Campaign, string ContactId, string Number, int Attempt, string Pacing, double DialRatio) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.DialAttemptPlaced;
}

/// <param name="Outcome">connected, abandoned, machine, busy, no-answer, failed.</param>
/// <param name="TalkSeconds">With an agent, for connected calls.</param>
public sealed record DialAttemptEnded(string Campaign, string ContactId, string Number, int Attempt, string Outcome, string? Agent = null, double? TalkSeconds = null, string? Detail = null) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.DialAttemptEnded;
}

/// <summary>
/// What the dialplan's AMD() (apps/app_amd.c) decided on an answered outbound call, from the
/// VarSet of AMDSTATUS: HUMAN, MACHINE, NOTSURE or HANGUP; Cause is AMDCAUSE when already set.
/// </summary>
public sealed record AmdResult(string Status, string? Cause = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.AmdResult;

    [JsonIgnore]
    public bool Machine => Status.Equals("MACHINE", StringComparison.OrdinalIgnoreCase);
}
