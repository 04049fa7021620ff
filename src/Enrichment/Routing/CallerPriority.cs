namespace Middleware.Enrichment.Routing;

/// <summary>A queued caller's priority (Asterisk QUEUE_PRIO: higher is served first) with each point's reason.</summary>
public sealed class CallerPriority(RoutingOptions options)
{
    private readonly PriorityPoints _points = options.Priority;

    /// <param name="vip">VIP by the configured numbers or the tier the CRM gave.</param>
    public (int Priority, ReasonList Reasons) For(CallSnapshot call, bool vip, string? escalationRisk, int earlierCalls, DateTimeOffset now)
    {
        var reasons = new ReasonList();
        var priority = 0.0;
        if (vip)
        {
            priority += options.VipPriority;
            reasons.Add($"VIP caller {call.CallerNumber} (+{options.VipPriority})", ReasonCode.Of(ReasonCodes.Vip, ("caller", call.CallerNumber), ("points", options.VipPriority)));
        }

        if (escalationRisk is not null && _points.EscalationRisk > 0)
        {
            priority += _points.EscalationRisk;
            reasons.Add($"at risk of escalating: {escalationRisk} (+{_points.EscalationRisk})", ReasonCode.Of(ReasonCodes.EscalationRisk, ("risk", escalationRisk), ("points", _points.EscalationRisk)));
        }

        if (earlierCalls > 0 && _points.RepeatCaller > 0)
        {
            priority += _points.RepeatCaller;
            reasons.Add($"repeat caller, {earlierCalls} earlier call(s) (+{_points.RepeatCaller})", ReasonCode.Of(ReasonCodes.RepeatCaller, ("calls", earlierCalls), ("points", _points.RepeatCaller)));
        }

        // Time waited counts from the first time the call queued (a requeue keeps its wait).
        var waited = call.QueuedAt is { } queued ? (now - queued).TotalMinutes : 0;
        if (waited >= 1 && _points.PerMinuteWaited > 0)
        {
            var points = Math.Floor(waited) * _points.PerMinuteWaited;
            priority += points;
            reasons.Add($"waited {waited:0} min (+{points:0})", ReasonCode.Of(ReasonCodes.Waited, ("minutes", Math.Round(waited)), ("points", Math.Round(points))));
        }

        return ((int)Math.Min(_points.Max, priority), reasons);
    }
}
