using Middleware.Core.Numbers;

namespace Middleware.Enrichment.Routing;

/// <summary>
/// Smart-routing hints for the legacy ACD. When a caller queues: the skill they need
/// (<see cref="SkillResolver"/>), their priority (<see cref="CallerPriority"/>) and the free agents
/// ranked (<see cref="AgentRanker"/>), the first one reserved briefly (<see cref="AgentReservations"/>).
/// The hint is written back through the gate, so the mode decides: assist sets AI_SKILL,
/// AI_PRIORITY, AI_AGENT and AI_REASON for the dialplan to read and changes a waiting caller's
/// queue priority (QueueChangePriorityCaller; a VIP's QUEUE_PRIO is set at the call's start, before
/// Queue() reads it); act may also redirect the caller
/// to the configured context; observe journals every request as skipped, which is the record of
/// what would have been done next to what the ACD did. Each request carries the gate condition
/// "still in this queue", so a hint for a caller who has left is dropped and journaled as stale.
/// When a caller sounds upset, escalation is suggested once.
/// </summary>
public sealed class QueueRoutingAdvisor : IEnricher
{
    private readonly RoutingOptions _options;
    private readonly PhoneNumberSet _vips;
    private readonly SkillResolver _skills;
    private readonly CallerPriority _priority;
    private readonly AgentRanker _ranker;
    private readonly AgentReservations _reservations;
    private readonly RecentCallers _recent;
    private readonly ConcurrentDictionary<string, CallNotes> _notes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Agent, string Skill, DateTimeOffset At)> _ended = new(StringComparer.Ordinal);

    public QueueRoutingAdvisor(RoutingOptions options, AgentHistory? history = null)
    {
        _options = OptionsCopy.Of(options);
        _vips = new PhoneNumberSet(_options.VipNumbers);
        History = history ?? new AgentHistory();
        _skills = new SkillResolver(_options.Skills);
        _priority = new CallerPriority(_options);
        _ranker = new AgentRanker(_options, History);
        _reservations = new AgentReservations(_options.ReserveFor);
        _recent = new RecentCallers(_options.Priority.RepeatWithin);
    }

    public string Name => "routing";

    /// <summary>Handle time and resolution per agent and skill (the host seeds it from the journal's history).</summary>
    public AgentHistory History { get; }

    public IReadOnlyCollection<string> Kinds { get; } =
    [
        EventKinds.CallStarted, EventKinds.CallDetailsChanged, EventKinds.CallQueued, EventKinds.CallDequeued, EventKinds.CallEnded, EventKinds.TicketDraft,
        EventKinds.EmotionReading, EventKinds.EscalationRisk,
    ];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (context.Call is not { } call || envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case CallStarted started:
                Note(callId, n => n with { EarlierCalls = _recent.Record(started.CallerNumber, envelope.OccurredAt) });
                PrioritizeBeforeTheQueue(envelope, call.Snapshot(), context);
                break;
            case CallDetailsChanged { CallerNumber: not null }:
                PrioritizeBeforeTheQueue(envelope, call.Snapshot(), context);
                break;
            case CallQueued queued:
                AdviseQueued(envelope, queued, call.Snapshot(), context);
                break;
            case CallDequeued:
                _reservations.Release(callId);
                break;
            case CallEnded:
                _reservations.Release(callId);
                Learn(callId, call.Snapshot(), envelope.OccurredAt);
                break;
            case TicketDraft when _ended.TryRemove(callId, out var handled):
                History.MarkUnresolved(handled.Agent, handled.Skill); // the call was not settled after all
                break;
            case EmotionReading reading when reading.Valence <= _options.EscalateBelowValence && reading.Score >= _options.EscalateMinScore:
                Escalate(envelope, call, context, $"{reading.Speaker} sounds {reading.Emotion} ({reading.Score:0.00}, valence {reading.Valence:0.00})");
                break;
            case EscalationRisk risk:
                // Frustration that persisted past the emotion enricher's threshold (escalate_after).
                Note(callId, n => n with { EscalationRisk = n.EscalationRisk ?? risk.Reason });
                Escalate(envelope, call, context, risk.Reason);
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A VIP not yet queued: a prioritize hint with no queue yet and QUEUE_PRIO, which app_queue
    /// reads only as the caller enters Queue() (apps/app_queue.c queue_exec, qe.prio). Once per call.
    /// </summary>
    private void PrioritizeBeforeTheQueue(EventEnvelope envelope, CallSnapshot call, EnrichmentContext context)
    {
        if (call.QueuedAt is null && call.Phase != CallPhase.Ended && _vips.Contains(call.CallerNumber)
            && !call.Hints.Any(h => h.Action == "prioritize" && h.Queue is null))
        {
            var reason = $"VIP caller {call.CallerNumber}, before the queue";
            context.Emit(new RoutingHint("prioritize", null, null, _options.VipPriority, [reason], [ReasonCode.Of(ReasonCodes.VipBeforeQueue, ("caller", call.CallerNumber))]));
            SetVariable(envelope, context, "QUEUE_PRIO", _options.VipPriority.ToString(CultureInfo.InvariantCulture), reason, whileQueued: null);
        }
    }

    private void AdviseQueued(EventEnvelope envelope, CallQueued queued, CallSnapshot call, EnrichmentContext context)
    {
        var now = envelope.OccurredAt;
        var notes = _notes.GetValueOrDefault(call.CallId) ?? new CallNotes();
        var (skill, skillReason, skillCode) = _skills.Resolve(call, queued.Queue);
        Note(call.CallId, n => n with { Skill = skill });
        var vip = _vips.Contains(call.CallerNumber);
        var (priority, reasons) = _priority.For(call, vip, notes.EscalationRisk, notes.EarlierCalls, now);
        reasons.Insert(0, skillReason, skillCode);

        var members = context.State.Agents(queued.Queue);
        var free = members.Where(a => a.State == AgentState.Idle && !a.Paused && a.CurrentCallId is null).ToList();
        var open = free.Where(a => _reservations.HeldByOther(a.Agent, call.CallId, now) is null).ToList();
        var ranked = _ranker.Rank(open, skill, now).Take(Math.Max(1, _options.TopAgents)).ToList();
        var pick = ranked.FirstOrDefault(r => _reservations.TryReserve(r.Agent, call.CallId, now));
        if (pick is not null)
        {
            reasons.Add("suggest " + pick.Reason, pick.Code with { Code = ReasonCodes.SuggestAgent });
            foreach (var next in ranked.Where(r => r != pick))
            {
                reasons.Add($"then {next.Reason}", next.Code with { Code = ReasonCodes.ThenAgent });
            }

            var held = free.Count - open.Count;
            reasons.Add(
                $"{free.Count} of {members.Count} member(s) free" + (held > 0 ? $", {held} held for other callers" : ""),
                ReasonCode.Of(ReasonCodes.MembersFree, ("free", free.Count), ("members", members.Count), ("held", held)));
        }
        else
        {
            var ahead = queued.Position - 1;
            reasons.Add(
                free.Count > 0
                    ? $"every free member of {queued.Queue} is held for another caller; {ahead} caller(s) ahead"
                    : $"no free member in {queued.Queue}; {ahead} caller(s) ahead",
                ReasonCode.Of(free.Count > 0 ? ReasonCodes.AllFreeHeld : ReasonCodes.NoneFree, ("queue", queued.Queue), ("ahead", ahead)));
        }

        var action = pick is not null ? "route-to-agent" : priority > 0 ? "prioritize" : "wait";
        context.Emit(new RoutingHint(action, queued.Queue, pick?.Agent, priority, reasons.Texts, reasons.Codes));
        WriteBack(envelope, context, queued.Queue, skill, priority, pick, reasons.Texts);
    }

    private void WriteBack(EventEnvelope envelope, EnrichmentContext context, string queue, string skill, int priority, RankedAgent? pick, IReadOnlyList<string> reasons)
    {
        if (!_options.SetChannelVariables)
        {
            return;
        }

        var why = OneLine(string.Join("; ", reasons));
        SetVariable(envelope, context, "AI_SKILL", skill, why, queue);
        SetVariable(envelope, context, "AI_PRIORITY", priority.ToString(CultureInfo.InvariantCulture), why, queue);
        if (priority > 0)
        {
            // Already waiting: app_queue read QUEUE_PRIO on entry (queue_exec), so the caller is moved in its queue instead.
            context.RequestWriteBack(Target(envelope, context), "QueueChangePriorityCaller", new Dictionary<string, string>
            {
                ["Queue"] = queue, ["Priority"] = priority.ToString(CultureInfo.InvariantCulture), ["Immediate"] = "yes", [QueuedCallerCondition.Key] = queue,
            }, why);
        }

        if (pick is not null)
        {
            SetVariable(envelope, context, "AI_AGENT", pick.Agent, why, queue);
        }

        SetVariable(envelope, context, "AI_REASON", why, why, queue);
        if (pick is not null && _options.Redirect is { } redirect)
        {
            // Needs act; in assist the gate journals it as skipped, in observe as what would have been done.
            context.RequestWriteBack(Target(envelope, context), "Redirect", new Dictionary<string, string>
            {
                ["Context"] = redirect.Context,
                ["Exten"] = redirect.Exten,
                ["Priority"] = redirect.Priority.ToString(CultureInfo.InvariantCulture),
                [QueuedCallerCondition.Key] = queue,
            }, $"to {pick.Agent}: {why}");
        }
    }

    private void Escalate(EventEnvelope envelope, LiveCall call, EnrichmentContext context, string reason)
    {
        var snapshot = call.Snapshot();
        if (!snapshot.Hints.Any(h => h.Action == "escalate") && snapshot.Phase != CallPhase.Ended)
        {
            context.Emit(new RoutingHint("escalate", _options.SupervisorQueue, null, _options.VipPriority, [reason], [ReasonCode.Of(ReasonCodes.Escalate, ("detail", reason))]));
            SetVariable(envelope, context, "MW_HINT", "escalate", reason, whileQueued: null);
        }
    }

    private void Learn(string callId, CallSnapshot call, DateTimeOffset now)
    {
        _notes.TryRemove(callId, out var notes);
        foreach (var (id, ended) in _ended)
        {
            if (now - ended.At > TimeSpan.FromMinutes(1))
            {
                _ended.TryRemove(id, out _); // its tickets, if any, came right after its end
            }
        }

        if (call.Agent is { } agent && call.AnsweredAt is { } answered && call.EndedAt is { } endedAt)
        {
            var skill = notes?.Skill ?? call.Queue ?? "general";
            History.Record(agent, skill, (endedAt - answered).TotalSeconds, resolved: true);
            _ended[callId] = (agent, skill, now);
        }
    }

    private void SetVariable(EventEnvelope envelope, EnrichmentContext context, string variable, string value, string reason, string? whileQueued)
    {
        if (!_options.SetChannelVariables)
        {
            return;
        }

        var parameters = new Dictionary<string, string> { ["Variable"] = variable, ["Value"] = value };
        if (whileQueued is not null)
        {
            parameters[QueuedCallerCondition.Key] = whileQueued;
        }

        context.RequestWriteBack(Target(envelope, context), "Setvar", parameters, reason);
    }

    private static string Target(EventEnvelope envelope, EnrichmentContext context) => context.Call?.Source ?? envelope.Source;

    /// <summary>A channel variable's value is one AMI header line: no line breaks, kept short.</summary>
    private static string OneLine(string text)
    {
        var line = text.Replace('\r', ' ').Replace('\n', ' ');
        return line.Length <= 240 ? line : line[..239] + "…";
    }

    private void Note(string callId, Func<CallNotes, CallNotes> change) =>
        _notes.AddOrUpdate(callId, _ => change(new CallNotes()), (_, n) => change(n));

    private sealed record CallNotes
    {
        public int EarlierCalls { get; init; }

        public string? EscalationRisk { get; init; }

        public string? Skill { get; init; }
    }
}
