namespace Middleware.Core.CallState;

/// <summary>
/// Folds events into the ACD's state: queues (who waits, today's answered and abandoned, service
/// level) and agents (state, pause, membership, the call they are on). Many calls touch the same
/// queues and agents, so all of it sits behind one lock, which the snapshots take too.
/// </summary>
internal sealed class AcdFold(TimeProvider time)
{
    private readonly Dictionary<string, LiveQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveAgent> _agents = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>A call's event, on the call's lane (under its lock): the queue and agent side of it.</summary>
    public void ApplyCallEvent(LiveCall call, EventEnvelope e)
    {
        if (e.Payload is not (CallQueued or CallDequeued or AgentRinging or AgentConnected or CallEnded))
        {
            return; // most of a call's events (audio, transcript, hints) never touch the ACD: no lock for them
        }

        lock (_lock)
        {
            switch (e.Payload)
            {
                case CallQueued q:
                    Queue(q.Queue).Join(call.CallId, e.OccurredAt);
                    break;
                case CallDequeued d:
                    Dequeue(call.CallId, d);
                    break;
                case AgentRinging ar:
                    var ringing = Agent(ar.Agent);
                    ringing.Name = ar.AgentName ?? ringing.Name;
                    ringing.State = AgentState.Ringing;
                    break;
                case AgentConnected ac:
                    var connected = Agent(ac.Agent);
                    connected.Name = ac.AgentName ?? connected.Name;
                    connected.State = AgentState.Busy;
                    connected.CurrentCallId = call.CallId;
                    connected.IdleSince = null;
                    break;
                case CallEnded:
                    ReleaseCall(call, e.OccurredAt);
                    break;
            }
        }
    }

    /// <summary>Membership, pause and device state of an agent, as the PBX reports it.</summary>
    public void ApplyAgentState(AgentStateChanged a, DateTimeOffset at)
    {
        lock (_lock)
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

    /// <summary>The queue's own figures (QueueParams) where it gives them.</summary>
    public void ApplyQueueState(QueueStateChanged q)
    {
        lock (_lock)
        {
            var queue = Queue(q.Queue);
            queue.Strategy = q.Strategy ?? queue.Strategy;
            queue.Completed = q.Completed ?? queue.Completed;
            queue.Abandoned = q.Abandoned ?? queue.Abandoned;
        }
    }

    public IReadOnlyList<QueueSnapshot> Queues()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return _queues.Values.OrderBy(q => q.Name, StringComparer.Ordinal).Select(q => q.Snapshot(now, IsIdle)).ToList();
        }
    }

    /// <summary>Is the call waiting in the queue now (joined, not yet answered, abandoned or gone)?</summary>
    public bool IsWaiting(string callId, string queue)
    {
        lock (_lock)
        {
            return _queues.TryGetValue(queue, out var q) && q.IsWaiting(callId);
        }
    }

    public QueueSnapshot? GetQueue(string name)
    {
        lock (_lock)
        {
            return _queues.TryGetValue(name, out var q) ? q.Snapshot(time.GetUtcNow(), IsIdle) : null;
        }
    }

    public IReadOnlyList<AgentSnapshot> Agents(string? queue)
    {
        lock (_lock)
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
        lock (_lock)
        {
            return _agents.TryGetValue(agent, out var a) ? a.Snapshot() : null;
        }
    }

    /// <summary>Only the first leave counts: answered within the service level, answered late, or abandoned.</summary>
    private void Dequeue(string callId, CallDequeued d)
    {
        var queue = Queue(d.Queue);
        if (!queue.Leave(callId))
        {
            return;
        }

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

    /// <summary>An ended call leaves its queue, and its agent is free again (paused if they had paused meanwhile).</summary>
    private void ReleaseCall(LiveCall call, DateTimeOffset at)
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

    private bool IsIdle(string agent) => _agents.TryGetValue(agent, out var a) && a.IsIdle;
}
