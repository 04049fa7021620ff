namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// Decides at hangup whether a call needs a ticket, and says why in words. Works from signalling
/// alone (abandoned, repeat caller, wrap-up code) and uses transcript, intent and emotion when the
/// call had them.
/// </summary>
public sealed class TicketNeed(TicketTriggerOptions when)
{
    private readonly HashSet<string> _intents = new(when.Intents, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _wrapUps = new(when.WrapUpCodes, StringComparer.OrdinalIgnoreCase);
    private readonly string[] _markers = [.. when.UnresolvedMarkers.Where(m => m.Length > 0)];

    /// <returns>The reasons a ticket is needed; empty when it is not.</returns>
    public ReasonList Reasons(CallTicketFacts facts)
    {
        var reasons = new ReasonList();
        if (when.Abandoned && facts.AbandonedQueue is { } queue)
        {
            reasons.Add($"abandoned queue {queue} after {facts.AbandonedAfterSeconds ?? 0:0} s waiting", ReasonCode.Of(ReasonCodes.Abandoned, ("queue", queue), ("seconds", Math.Round(facts.AbandonedAfterSeconds ?? 0))));
        }

        if (facts.WrapUpCode is { } code && _wrapUps.Contains(code))
        {
            reasons.Add($"wrap-up code '{code}'", ReasonCode.Of(ReasonCodes.WrapUp, ("code", code)));
        }

        if (facts.Call.Intent is { } intent && (_intents.Contains(intent.Intent) || (intent.Category is { } c && _intents.Contains(c))))
        {
            reasons.Add($"intent {intent.Intent} ({intent.Confidence:0.00})", ReasonCode.Of(ReasonCodes.Intent, ("intent", intent.Intent), ("confidence", Math.Round(intent.Confidence, 2))));
        }

        if (FirstMarker(facts) is { } marker)
        {
            reasons.Add($"unresolved: \"{marker}\" in the transcript", ReasonCode.Of(ReasonCodes.Unresolved, ("marker", marker)));
        }

        if (when.EscalationRisk && facts.EscalationRisk is { } risk)
        {
            reasons.Add($"escalation risk: {risk}", ReasonCode.Of(ReasonCodes.EscalationRisk, ("risk", risk)));
        }

        if (when.RepeatCaller && facts.EarlierCalls > 0)
        {
            reasons.Add($"repeat caller: {facts.EarlierCalls} earlier call(s)", ReasonCode.Of(ReasonCodes.RepeatCaller, ("calls", facts.EarlierCalls)));
        }

        return reasons;
    }

    private string? FirstMarker(CallTicketFacts facts)
    {
        foreach (var segment in facts.Said)
        {
            foreach (var marker in _markers)
            {
                if (segment.Text.Contains(marker, StringComparison.OrdinalIgnoreCase))
                {
                    return marker;
                }
            }
        }

        return null;
    }
}
