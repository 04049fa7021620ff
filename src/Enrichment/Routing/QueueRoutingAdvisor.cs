using System.Globalization;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Numbers;
using Middleware.Core.Pipeline;

namespace Middleware.Enrichment.Routing;

/// <summary>
/// Smart-routing hints for the legacy ACD: when a caller queues, suggest the member idle the
/// longest (load balance, fewest calls today on ties) and raise VIP callers; when a caller
/// sounds upset, suggest escalation. Hints go out as channel variables through the write-back gate,
/// so in observe mode they are recorded but nothing reaches the PBX.
/// </summary>
public sealed class QueueRoutingAdvisor(RoutingOptions options) : IEnricher
{
    private readonly RoutingOptions _options = Copy(options);
    private readonly PhoneNumberSet _vips = new(options.VipNumbers);

    public string Name => "routing";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.CallQueued, EventKinds.EmotionReading, EventKinds.EscalationRisk];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (context.Call is not { } call)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case CallQueued queued:
                AdviseQueued(envelope, queued, call.Snapshot(), context);
                break;
            case EmotionReading reading when reading.Valence <= _options.EscalateBelowValence && reading.Score >= _options.EscalateMinScore:
                Escalate(envelope, call, context, $"{reading.Speaker} sounds {reading.Emotion} ({reading.Score:0.00}, valence {reading.Valence:0.00})");
                break;
            case EscalationRisk risk:
                // Frustration that persisted past the emotion enricher's threshold (escalate_after).
                Escalate(envelope, call, context, risk.Reason);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Escalate(EventEnvelope envelope, LiveCall call, EnrichmentContext context, string reason)
    {
        var snapshot = call.Snapshot();
        if (!snapshot.Hints.Any(h => h.Action == "escalate") && snapshot.Phase != CallPhase.Ended)
        {
            var reasons = new List<string> { reason };
            context.Emit(new RoutingHint("escalate", _options.SupervisorQueue, null, _options.VipPriority, reasons));
            SetVariable(envelope, context, "MW_HINT", "escalate", reasons[0]);
        }
    }

    private void AdviseQueued(EventEnvelope envelope, CallQueued queued, CallSnapshot call, EnrichmentContext context)
    {
        var now = envelope.OccurredAt;
        var reasons = new List<string>();
        var vip = _vips.Contains(call.CallerNumber);
        var priority = 0;
        if (vip)
        {
            priority = _options.VipPriority;
            reasons.Add($"VIP caller {call.CallerNumber}");
        }

        var candidates = context.State.Agents(queued.Queue).Where(a => a.State == AgentState.Idle && !a.Paused && a.CurrentCallId is null).ToList();
        var pick = candidates
            .OrderBy(a => a.IdleSince ?? DateTimeOffset.MinValue)
            .ThenBy(a => a.HandledToday)
            .FirstOrDefault();
        if (pick is not null)
        {
            var idle = pick.IdleSince is { } since ? $"idle {Math.Max(0, (now - since).TotalSeconds):0} s" : "idle";
            reasons.Add($"{pick.Name ?? pick.Agent} ({pick.Agent}) {idle}, {pick.HandledToday} call(s) today; {candidates.Count} of {context.State.Agents(queued.Queue).Count} member(s) free");
        }
        else
        {
            reasons.Add($"no free member in {queued.Queue}; {queued.Position - 1} caller(s) ahead");
        }

        var action = pick is not null ? "route-to-agent" : vip ? "prioritize" : "wait";
        context.Emit(new RoutingHint(action, queued.Queue, pick?.Agent, priority, reasons));
        if (vip)
        {
            SetVariable(envelope, context, "QUEUE_PRIO", priority.ToString(CultureInfo.InvariantCulture), reasons[0]);
        }

        if (pick is not null)
        {
            SetVariable(envelope, context, "MW_SUGGESTED_AGENT", pick.Agent, reasons[^1]);
        }
    }

    private void SetVariable(EventEnvelope envelope, EnrichmentContext context, string variable, string value, string reason)
    {
        if (_options.SetChannelVariables)
        {
            var target = context.Call?.Source ?? envelope.Source;
            context.RequestWriteBack(target, "Setvar", new Dictionary<string, string> { ["Variable"] = variable, ["Value"] = value }, reason);
        }
    }

    private static RoutingOptions Copy(RoutingOptions o) => new()
    {
        Enabled = o.Enabled,
        VipNumbers = [.. o.VipNumbers],
        VipPriority = o.VipPriority,
        SetChannelVariables = o.SetChannelVariables,
        EscalateBelowValence = o.EscalateBelowValence,
        EscalateMinScore = o.EscalateMinScore,
        SupervisorQueue = o.SupervisorQueue,
    };
}
