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

/// <summary>A scheduled campaign began or ended its hours (dialer.campaigns start/stop), or could not begin.</summary>
/// <param name="State">started, stopped (its stop time: no new calls, those in progress finish), finished (every contact done), failed (not started).</param>
/// <param name="Contacts">Contacts imported at start; at stop, those still to be dialled.</param>
/// <param name="Detail">Why (its schedule, launched inside its hours, the file's error) and, at stop, the run's figures.</param>
public sealed record CampaignStateChanged(string Campaign, string State, int Contacts, string? Detail = null) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.CampaignStateChanged;
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
