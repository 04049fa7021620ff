using System.Collections.Concurrent;

namespace Middleware.Core.CallState;

/// <summary>
/// The live model of calls, queues and agents, folded from normalized and derived events, and the
/// queries over it. Calls are updated on their own lane (<see cref="CallFold"/>); queues and agents,
/// touched by many calls, share one lock (<see cref="AcdFold"/>).
/// Ended calls stay queryable for <see cref="EndedCallRetention"/>. A call seen both by a SIP mirror
/// and by the PBX is joined (<see cref="CallJoinOptions"/>): what only the media tells lands on the PBX call.
/// </summary>
public sealed class CallStateStore(TimeProvider? time = null, CallJoinOptions? join = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly CallJoiner _joiner = new(join ?? new CallJoinOptions());
    private readonly ConcurrentDictionary<string, LiveCall> _calls = new(StringComparer.Ordinal);
    private readonly AcdFold _acd = new(time ?? TimeProvider.System);
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
                _acd.ApplyAgentState(a, e.OccurredAt);
                break;
            case QueueStateChanged q:
                _acd.ApplyQueueState(q);
                break;
        }

        if (Interlocked.Increment(ref _applied) % 4096 == 0)
        {
            Sweep();
        }
    }

    private void ApplyToCall(string callId, EventEnvelope e)
    {
        if (!_calls.TryGetValue(callId, out var call))
        {
            // The end of a call we never saw start (evicted or before our time): nothing to close. A
            // decision about a call no longer held (an SLA breach hours after it was swept, a ticket's
            // status read back from the CRM) is journaled and streamed, but opens no call: it would sit
            // on the board as a caller ringing forever and never be swept.
            if (e.Payload is CallEnded || e.Payload.IsDerived)
            {
                return;
            }

            call = _calls.GetOrAdd(callId, static (id, env) => new LiveCall(id, env.Source, env.OccurredAt), e);
        }
        lock (call.StateLock)
        {
            // The ACD side under the call's lock too, so a reader of the call sees its queue and agent agree.
            if (CallFold.Apply(call, e))
            {
                _acd.ApplyCallEvent(call, e);
            }
        }

        if (_joiner.Enabled)
        {
            Join(call, e.Payload);
        }
    }

    private void Join(LiveCall call, CallCenterEvent payload)
    {
        if (payload is CallStarted or CallDetailsChanged { SipCallId: not null } && _joiner.TryJoin(call, _calls.Values) is var (mirror, pbx))
        {
            // Whatever the mirror learnt before the PBX call appeared moves over now.
            CallCenterEvent[] facts;
            lock (mirror.StateLock)
            {
                facts = [.. mirror.TranscriptSoFar, .. mirror.QualitySoFar, .. new CallCenterEvent?[] { mirror.Emotion, mirror.Intent }.OfType<CallCenterEvent>()];
            }

            lock (pbx.StateLock)
            {
                foreach (var fact in facts)
                {
                    CallFold.ApplyMediaFact(pbx, fact);
                }
            }
        }
        else if (call.JoinedCallId is { } joined && _joiner.IsMirror(call) && FindCall(joined) is { } target)
        {
            lock (target.StateLock)
            {
                CallFold.ApplyMediaFact(target, payload);
            }
        }
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
        _calls.Values.FirstOrDefault(c => c.SipCallIds.Contains(sipCallId));

    /// <summary>Calls by start; a mirror call joined to a PBX call is listed as that PBX call only.</summary>
    public IReadOnlyList<CallSnapshot> Calls(bool includeEnded = false) =>
        _calls.Values.Where(c => (includeEnded || !c.IsEnded) && !(c.JoinedCallId is not null && _joiner.IsMirror(c)))
            .Select(c => c.Snapshot()).OrderBy(c => c.StartedAt).ToList();

    public IReadOnlyList<CallSnapshot> CallsInQueue(string queue) =>
        _calls.Values.Where(c => c.Queue == queue && c.Phase == CallPhase.Queued).Select(c => c.Snapshot()).OrderBy(c => c.QueuedAt).ToList();

    public IReadOnlyList<QueueSnapshot> Queues() => _acd.Queues();

    public QueueSnapshot? GetQueue(string name) => _acd.GetQueue(name);

    /// <summary>Whether the call still waits in <paramref name="queue"/> (the ACD's view: until answered, abandoned or hung up).</summary>
    public bool IsWaiting(string callId, string queue) => _acd.IsWaiting(callId, queue);

    public IReadOnlyList<AgentSnapshot> Agents(string? queue = null) => _acd.Agents(queue);

    public AgentSnapshot? GetAgent(string agent) => _acd.GetAgent(agent);
}
