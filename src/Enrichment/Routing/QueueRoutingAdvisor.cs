using System.Globalization;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Numbers;
using Middleware.Core.Pipeline;

namespace Middleware.Enrichment.Routing;

/// <summary>
/// Smart-routing hints for the legacy ACD: when a caller queues, suggest the member idle the
/// longest (load balance, fewest calls today on ties) and raise VIP callers; when a caller
/// sounds upset, suggest escalation. Hints go out through the write-back gate (channel variables,
/// and a waiting caller's queue priority), so in observe mode they are recorded but nothing reaches
/// the PBX.
/// A VIP's priority takes two doors, because app_queue reads QUEUE_PRIO only as the caller enters
/// Queue() (apps/app_queue.c queue_exec, qe.prio): before that (the call has started, the caller
/// is in the IVR) it is set as QUEUE_PRIO; once the caller waits in the queue it is changed with
/// the QueueChangePriorityCaller action (Asterisk 15+), which moves the caller at once.
/// </summary>
public sealed class QueueRoutingAdvisor(RoutingOptions options) : IEnricher
{
    private readonly RoutingOptions _options = Copy(options);
    private readonly PhoneNumberSet _vips = new(options.VipNumbers);

    public string Name => "routing";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.CallStarted, EventKinds.CallDetailsChanged, EventKinds.CallQueued, EventKinds.EmotionReading, EventKinds.EscalationRisk];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (context.Call is not { } call)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case CallStarted or CallDetailsChanged { CallerNumber: not null }:
                PrioritizeBeforeTheQueue(envelope, call.Snapshot(), context);
                break;
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

    /// <summary>A VIP not yet queued: a prioritize hint with no queue yet, and QUEUE_PRIO, which Queue() reads on entry. Once per call.</summary>
    private void PrioritizeBeforeTheQueue(EventEnvelope envelope, CallSnapshot call, EnrichmentContext context)
    {
        if (call.QueuedAt is null && call.Phase != CallPhase.Ended && _vips.Contains(call.CallerNumber)
            && !call.Hints.Any(h => h.Action == "prioritize" && h.Queue is null))
        {
            var reasons = new List<string> { $"VIP caller {call.CallerNumber}, before the queue" };
            context.Emit(new RoutingHint("prioritize", null, null, _options.VipPriority, reasons));
            SetVariable(envelope, context, "QUEUE_PRIO", _options.VipPriority.ToString(CultureInfo.InvariantCulture), reasons[0]);
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
        if (vip && _options.SetChannelVariables)
        {
            // Already waiting: QUEUE_PRIO would be ignored now; move the caller in its queue.
            var target = context.Call?.Source ?? envelope.Source;
            context.RequestWriteBack(target, "QueueChangePriorityCaller", new Dictionary<string, string>
            {
                ["Queue"] = queued.Queue, ["Priority"] = priority.ToString(CultureInfo.InvariantCulture), ["Immediate"] = "yes",
            }, reasons[0]);
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
