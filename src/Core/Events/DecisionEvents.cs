using System.Text.Json.Serialization;
namespace Middleware.Core.Events;

// What enrichment decides should happen: hints for the ACD, tickets for the CRM. Write-back requests and outcomes are in WriteBackEvents.cs.

/// <param name="Action">prioritize, route-to-agent, escalate, callback...</param>
/// <param name="Priority">Higher is more urgent; maps to the ACD's queue priority.</param>
public sealed record RoutingHint(string Action, string? Queue, string? SuggestedAgent, int Priority, IReadOnlyList<string> Reasons) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.RoutingHint;
}

public sealed record TicketDraft(string Title, string Category, string Priority, string Summary, string? CustomerNumber, DateTimeOffset? SlaDueAt) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.TicketDraft;
}
