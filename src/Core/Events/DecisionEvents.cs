namespace Middleware.Core.Events;

// What enrichment decides should happen: hints for the ACD, tickets for the CRM. Write-back requests and outcomes are in WriteBackEvents.cs.

/// <param name="Action">prioritize, route-to-agent, escalate, callback...</param>
/// <param name="Priority">Higher is more urgent; maps to the ACD's queue priority.</param>
/// <param name="Reasons">Why, in English words.</param>
/// <param name="ReasonCodes">The same reasons as codes with their values, in the same order (absent in journals written before them).</param>
public sealed record RoutingHint(string Action, string? Queue, string? SuggestedAgent, int Priority, IReadOnlyList<string> Reasons, IReadOnlyList<ReasonCode>? ReasonCodes = null) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.RoutingHint;
}

/// <summary>A ticket the call needs, as decided at hangup (or earlier for a callback).</summary>
/// <param name="SlaDueAt">Due time for the tier known when drafted (from the caller's number).</param>
/// <param name="Department">Where the ticket goes (category rules).</param>
/// <param name="Keywords">The call's key terms.</param>
/// <param name="Emotion">How the caller sounded over the call (rolling emotion), when known.</param>
/// <param name="Excerpt">A redacted excerpt of what the caller said.</param>
/// <param name="Reasons">Why a ticket was needed, in words (abandoned, unresolved marker "…", repeat caller…).</param>
/// <param name="SlaDueByTier">Due time for each customer tier an SLA rule names for this category: the CRM
/// target picks the one of the tier its lookup returns (the tier is known there, not on the call's lane).</param>
/// <param name="SlaWarnBefore">How long before the due time an SlaWarning is raised.</param>
/// <param name="ReasonCodes">The reasons as codes with their values, in the order of <paramref name="Reasons"/>.</param>
/// <param name="TitleCode">The title as a code (callback or category, and who called), for a dashboard in another language.</param>
public sealed record TicketDraft(
    string Title,
    string Category,
    string Priority,
    string Summary,
    string? CustomerNumber,
    DateTimeOffset? SlaDueAt,
    string? Department = null,
    IReadOnlyList<string>? Keywords = null,
    string? Emotion = null,
    string? Excerpt = null,
    IReadOnlyList<string>? Reasons = null,
    IReadOnlyDictionary<string, DateTimeOffset>? SlaDueByTier = null,
    TimeSpan? SlaWarnBefore = null,
    IReadOnlyList<ReasonCode>? ReasonCodes = null,
    ReasonCode? TitleCode = null) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.TicketDraft;
}

/// <summary>A ticket's SLA due time is near (due − <c>ticketing.sla_watch.warning_before</c>) and it is still open.</summary>
public sealed record SlaWarning(string TicketId, DateTimeOffset DueAt, TimeSpan WarnBefore) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.SlaWarning;
}

/// <summary>A ticket passed its SLA due time while still open. Raised once per ticket, also when the due time
/// passed while the middleware was down.</summary>
public sealed record SlaBreached(string TicketId, DateTimeOffset DueAt) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.SlaBreached;
}

/// <summary>The CRM reports a ticket's status changed (read back by poll or webhook).</summary>
/// <param name="TicketId">The CRM's id of the ticket.</param>
/// <param name="Via">How the change was learned, e.g. crm-poll or webhook.</param>
/// <param name="Crm">The crm[].name (write-back target) holding the ticket.</param>
/// <param name="ChangedAt">When the CRM says it changed (its updated_at, on the CRM's clock).</param>
public sealed record TicketStatusChanged(string TicketId, string Status, string? PreviousStatus, string Via, string? Crm = null, DateTimeOffset? ChangedAt = null) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.TicketStatusChanged;
}
