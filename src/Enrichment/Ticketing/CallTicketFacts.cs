namespace Middleware.Enrichment.Ticketing;

/// <summary>What is known about a call when it hangs up, from its signalling and whatever understanding it had.</summary>
/// <param name="AbandonedQueue">The queue the caller gave up in, if they did.</param>
/// <param name="EscalationRisk">Why the caller was at risk of escalating, if they were.</param>
/// <param name="WrapUpCode">The agent's wrap-up code (AMI UserEvent), if one came.</param>
/// <param name="EarlierCalls">Calls from the same number within the repeat window, before this one.</param>
public sealed record CallTicketFacts(
    CallSnapshot Call,
    string? AbandonedQueue,
    double? AbandonedAfterSeconds,
    string? EscalationRisk,
    string? WrapUpCode,
    int EarlierCalls,
    bool Vip)
{
    public string Tier => Vip ? "vip" : "standard";

    /// <summary>The final segments' words, in call order.</summary>
    public IEnumerable<TranscriptSegment> Said => Call.Transcript.Where(s => s.IsFinal && !string.IsNullOrWhiteSpace(s.Text));

    public IReadOnlyList<string> Keywords => Call.Intent?.Keywords ?? [];
}
