using System.Collections.Concurrent;
using Middleware.Core.Events;

namespace Middleware.Core.CallState;

/// <summary>
/// The live model of calls, queues and agents, folded from normalized and derived events.
/// Calls are updated on their own lane; queues and agents, touched by many calls, share one lock.
/// Ended calls stay queryable for <see cref="EndedCallRetention"/>. A call seen both by a SIP mirror
/// and by the PBX is joined (<see cref="CallJoinOptions"/>): what only the media tells lands on the PBX call.
/// </summary>
public sealed class CallStateStore(TimeProvider? time = null, CallJoinOptions? join = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly CallJoiner _joiner = new(join ?? new CallJoinOptions());
    private readonly ConcurrentDictionary<string, LiveCall> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveAgent> _agents = new(StringComparer.Ordinal);
    private readonly Lock _acd = new();
    private long _applied;

    public TimeSpan EndedCallRetention { get; init; } = TimeSpan.FromMinutes(30);

    public void Apply(EventEnvelope e)
    {
        if (e.CallId is { } callId)
        {
            ApplyToCall(callId, e);
        }

        switch (e.Payload)
        {
            case AgentStateChanged a:
                ApplyAgentState(a, e.OccurredAt);
                break;
            case QueueStateChanged q:
                lock (_acd)
                {
                    var queue = Queue(q.Queue);
                    queue.Strategy = q.Strategy ?? queue.Strategy;
                    queue.Completed = q.Completed ?? queue.Completed;
                    queue.Abandoned = q.Abandoned ?? queue.Abandoned;
                }

                break;
        }

        if (Interlocked.Increment(ref _applied) % 4096 == 0)
        {
            Sweep();
        }
    }

    private void ApplyToCall(string callId, EventEnvelope e)
    {
        if (e.Payload is CallEnded && !_calls.ContainsKey(callId))
        {
            return; // the end of a call we never saw start (evicted or before our time): nothing to close
        }

        var call = _calls.GetOrAdd(callId, static (id, env) => new LiveCall(id, env.Source, env.OccurredAt), e);
        lock (call.Gate)
        {
            call.LastEventAt = e.OccurredAt;
            call.Synthesized |= e.Synthesized && e.Payload is CallStarted;
            switch (e.Payload)
            {
                case CallStarted s:
                    call.StartedAt = e.OccurredAt < call.StartedAt ? e.OccurredAt : call.StartedAt;
                    call.CallerNumber = s.CallerNumber ?? call.CallerNumber;
                    call.CallerName = s.CallerName ?? call.CallerName;
                    call.DialedNumber = s.DialedNumber ?? call.DialedNumber;
                    call.Direction = s.Direction;
                    call.SipCallId = s.SipCallId ?? call.SipCallId;
                    call.AddLeg(s.Channel);
                    break;
                case CallRinging r:
                    call.AddLeg(r.Channel);
                    break;
                case CallAnswered a:
                    call.AnsweredAt ??= e.OccurredAt;
                    if (call.Phase is CallPhase.Ringing)
                    {
                        call.Phase = CallPhase.Connected;
                    }

                    call.AddLeg(a.Channel);
                    break;
                case CallQueued q:
                    call.Queue = q.Queue;
                    call.QueuedAt ??= e.OccurredAt;
                    call.Phase = CallPhase.Queued;
                    lock (_acd)
                    {
                        Queue(q.Queue).Join(callId, e.OccurredAt);
                    }

                    break;
                case CallDequeued d:
                    lock (_acd)
                    {
                        var queue = Queue(d.Queue);
                        if (queue.Leave(callId))
                        {
                            if (d.Reason == DequeueReason.Answered)
                            {
                                queue.Completed++;
                                if (d.WaitSeconds <= queue.ServiceLevel.TotalSeconds)
                                {
                                    queue.AnsweredWithinServiceLevel++;
                                }
                            }
                            else if (d.Reason == DequeueReason.Abandoned)
                            {
                                queue.Abandoned++;
                            }
                        }
                    }

                    break;
                case AgentRinging ar:
                    lock (_acd)
                    {
                        var agent = Agent(ar.Agent);
                        agent.Name = ar.AgentName ?? agent.Name;
                        agent.State = AgentState.Ringing;
                    }

                    break;
                case AgentConnected ac:
                    call.Agent = ac.Agent;
                    call.AgentName = ac.AgentName ?? call.AgentName;
                    call.AnsweredAt ??= e.OccurredAt;
                    call.Phase = CallPhase.Connected;
                    lock (_acd)
                    {
                        var agent = Agent(ac.Agent);
                        agent.Name = ac.AgentName ?? agent.Name;
                        agent.State = AgentState.Busy;
                        agent.CurrentCallId = callId;
                        agent.IdleSince = null;
                    }

                    break;
                case CallHeld:
                    call.Phase = CallPhase.Held;
                    call.Holds++;
                    break;
                case CallResumed:
                    if (call.Phase == CallPhase.Held)
                    {
                        call.Phase = CallPhase.Connected;
                    }

                    break;
                case CallTransferred:
                    call.Transfers++;
                    break;
                case DtmfReceived d:
                    call.AddDtmf(d.Digit);
                    break;
                case CallEnded end:
                    EndCall(call, end, e.OccurredAt);
                    break;
                case RoutingHint h:
                    call.AddHint(h);
                    break;
                case TicketDraft t:
                    call.AddTicket(t);
                    break;
                case WriteBackRequested w:
                    call.SetWriteBack(new WriteBackStatus(w.RequestId, w.Target, w.Action, "requested", w.Reason));
                    break;
                case WriteBackCompleted w:
                    call.SetWriteBack(new WriteBackStatus(w.RequestId, w.Target, w.Action, "completed", w.Result));
                    break;
                case WriteBackFailed w:
                    call.SetWriteBack(new WriteBackStatus(w.RequestId, w.Target, w.Action, "failed", w.Error));
                    break;
                case WriteBackSkipped w:
                    call.SetWriteBack(new WriteBackStatus(w.RequestId, w.Target, w.Action, "skipped", w.Reason));
                    break;
                default:
                    ApplyMediaFact(call, e.Payload); // transcript, emotion, intent, QA, quality
                    break;
            }
        }

        if (_joiner.Enabled)
        {
            Join(call, e.Payload);
        }
    }

    private void Join(LiveCall call, CallCenterEvent payload)
    {
        if (payload is CallStarted && _joiner.TryJoin(call, _calls.Values) is var (mirror, pbx))
        {
            // Whatever the mirror learnt before the PBX call appeared moves over now.
            CallCenterEvent[] facts;
            lock (mirror.Gate)
            {
                facts = [.. mirror.TranscriptSoFar, .. mirror.QualitySoFar, .. new CallCenterEvent?[] { mirror.Emotion, mirror.Intent }.OfType<CallCenterEvent>()];
            }

            lock (pbx.Gate)
            {
                foreach (var fact in facts)
                {
                    ApplyMediaFact(pbx, fact);
                }
            }
        }
        else if (call.JoinedCallId is { } joined && _joiner.IsMirror(call) && FindCall(joined) is { } target)
        {
            lock (target.Gate)
            {
                ApplyMediaFact(target, payload);
            }
        }
    }

    /// <summary>
    /// What the audio told (transcript, emotion, intent, QA findings, quality): applied to the call
    /// itself, and what a mirror call passes to its PBX call (the PBX reports the signalling itself).
    /// </summary>
    private static void ApplyMediaFact(LiveCall call, CallCenterEvent fact)
    {
        switch (fact)
        {
            case TranscriptSegment t:
                call.AddTranscript(t);
                break;
            case EmotionReading em:
                call.Emotion = em;
                break;
            case IntentDetected i:
                call.Intent = i;
                break;
            case MediaQuality q:
                call.SetQuality(q);
                break;
            case QaFinding f:
                call.AddFinding(f);
                break;
        }
    }

    private void EndCall(LiveCall call, CallEnded end, DateTimeOffset at)
    {
        if (call.IsEnded)
        {
            return;
        }

        call.Phase = CallPhase.Ended;
        call.EndedAt = at;
        call.EndCause = end.Cause;
        call.HungUpBy = end.HungUpBy;
        lock (_acd)
        {
            if (call.Queue is { } q)
            {
                Queue(q).Leave(call.CallId);
            }

            foreach (var agent in _agents.Values)
            {
                if (agent.CurrentCallId == call.CallId)
                {
                    agent.CurrentCallId = null;
                    agent.HandledToday++;
                    agent.IdleSince = at;
                    if (agent.State is AgentState.Busy or AgentState.OnHold or AgentState.Ringing)
                    {
                        agent.State = agent.Paused ? AgentState.Paused : AgentState.Idle;
                    }
                }
            }
        }
    }

    private void ApplyAgentState(AgentStateChanged a, DateTimeOffset at)
    {
        lock (_acd)
        {
            var agent = Agent(a.Agent);
            agent.Name = a.AgentName ?? agent.Name;
            agent.Paused = a.Paused ?? agent.Paused;
            if (a.Queue is { } q)
            {
                if (a.Change == "removed")
                {
                    agent.Queues.Remove(q);
                    Queue(q).RemoveMember(a.Agent);
                }
                else
                {
                    agent.Queues.Add(q);
                    Queue(q).AddMember(a.Agent);
                }
            }

            if (a.State != AgentState.Unknown)
            {
                var wasBusy = agent.State is AgentState.Busy or AgentState.Ringing;
                agent.State = a.State;
                if (a.State == AgentState.Idle && (wasBusy || agent.IdleSince is null))
                {
                    agent.IdleSince = at;
                }
            }
        }
    }

    private LiveQueue Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var queue))
        {
            _queues[name] = queue = new LiveQueue(name);
        }

        return queue;
    }

    private LiveAgent Agent(string id)
    {
        if (!_agents.TryGetValue(id, out var agent))
        {
            _agents[id] = agent = new LiveAgent(id);
        }

        return agent;
    }

    /// <summary>Forgets calls that ended longer ago than the retention.</summary>
    public int Sweep()
    {
        var cutoff = _time.GetUtcNow() - EndedCallRetention;
        var removed = 0;
        foreach (var (id, call) in _calls)
        {
            if (call.EndedAt is { } ended && ended < cutoff && _calls.TryRemove(id, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>The mutable call, for enrichers on its lane; others use <see cref="GetCall"/>.</summary>
    public LiveCall? FindCall(string callId) => _calls.GetValueOrDefault(callId);

    public CallSnapshot? GetCall(string callId) => FindCall(callId)?.Snapshot();

    /// <summary>The call as the board shows it: for a mirror call joined to a PBX call, that PBX call.</summary>
    public CallSnapshot? GetBoardCall(string callId) =>
        FindCall(callId) is { } call && call.JoinedCallId is { } joined && _joiner.IsMirror(call) && FindCall(joined) is { } pbx
            ? pbx.Snapshot()
            : FindCall(callId)?.Snapshot();

    public LiveCall? FindCallBySipCallId(string sipCallId) =>
        _calls.Values.FirstOrDefault(c => c.SipCallId == sipCallId);

    /// <summary>Calls by start; a mirror call joined to a PBX call is listed as that PBX call only.</summary>
    public IReadOnlyList<CallSnapshot> Calls(bool includeEnded = false) =>
        _calls.Values.Where(c => (includeEnded || !c.IsEnded) && !(c.JoinedCallId is not null && _joiner.IsMirror(c)))
            .Select(c => c.Snapshot()).OrderBy(c => c.StartedAt).ToList();

    public IReadOnlyList<CallSnapshot> CallsInQueue(string queue) =>
        _calls.Values.Where(c => c.Queue == queue && c.Phase == CallPhase.Queued).Select(c => c.Snapshot()).OrderBy(c => c.QueuedAt).ToList();

    public IReadOnlyList<QueueSnapshot> Queues()
    {
        var now = _time.GetUtcNow();
        lock (_acd)
        {
            return _queues.Values.OrderBy(q => q.Name, StringComparer.Ordinal).Select(q => q.Snapshot(now, IsIdle)).ToList();
        }
    }

    public QueueSnapshot? GetQueue(string name)
    {
        lock (_acd)
        {
            return _queues.TryGetValue(name, out var q) ? q.Snapshot(_time.GetUtcNow(), IsIdle) : null;
        }
    }

    public IReadOnlyList<AgentSnapshot> Agents(string? queue = null)
    {
        lock (_acd)
        {
            return _agents.Values
                .Where(a => queue is null || a.Queues.Contains(queue))
                .OrderBy(a => a.Agent, StringComparer.Ordinal)
                .Select(a => a.Snapshot())
                .ToList();
        }
    }

    public AgentSnapshot? GetAgent(string agent)
    {
        lock (_acd)
        {
            return _agents.TryGetValue(agent, out var a) ? a.Snapshot() : null;
        }
    }

    private bool IsIdle(string agent) => _agents.TryGetValue(agent, out var a) && a.IsIdle;
}
