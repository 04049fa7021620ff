namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// Discrete-event simulation of call-center days: Poisson arrivals with an hourly curve and surges,
/// callers with a product line, language and tier, exponential patience, conversations whose length
/// and outcome depend on the agent's skill and language, wrap-up, shifts, and callbacks for what was
/// not resolved. Who takes which caller is the <see cref="IRoutingPolicy"/>'s decision. One seed
/// gives the same day, event for event; days start empty and are independent.
/// </summary>
public sealed class CallCenterSimulation
{
    private const double Day = 86400;

    private enum Kind { Arrival, Callback, Abandon, TalkEnded, WrapEnded, ShiftStart, ShiftEnd }

    private readonly SimulationWorld _world;
    private readonly IRoutingPolicy _policy;
    private readonly SimulationScenario _scenario;
    private readonly PriorityQueue<(Kind Kind, int Id), (double At, long Seq)> _events = new();
    private readonly List<SimulatedCaller> _waiting = [];
    private readonly List<SimulatedAgent> _free = [];
    private readonly List<SimulatedAgent> _eligible = [];
    private readonly Dictionary<int, (SimulatedCaller Caller, bool Resolved, double Talk)> _talking = [];
    private readonly Dictionary<int, SimulatedCaller> _callers = [];
    private readonly Dictionary<int, SimulatedCaller> _pendingCallbacks = [];
    private readonly SimulationTotals _totals = new();
    private long _seq;
    private int _nextCaller;

    public CallCenterSimulation(SimulationScenario scenario, IRoutingPolicy policy, int seed)
    {
        _scenario = scenario;
        _world = new SimulationWorld(scenario, seed);
        _policy = policy;
    }

    public SimulationWorld World => _world;

    /// <summary>Runs <paramref name="days"/> days; <paramref name="progress"/> hears each finished day.</summary>
    public SimulationTotals Run(int days, Action<int>? progress = null)
    {
        for (var d = 0; d < days; d++)
        {
            RunDay();
            progress?.Invoke(d + 1);
        }

        return _totals;
    }

    private void RunDay()
    {
        _events.Clear();
        _waiting.Clear();
        _talking.Clear();
        _callers.Clear();
        _pendingCallbacks.Clear();
        foreach (var agent in _world.Agents)
        {
            agent.State = SimulatedAgentState.OffShift;
            agent.IdleSince = 0;
            agent.LastCallEndedAt = double.NaN;
            agent.CallsTaken = 0;
            agent.BusySeconds = 0;
            At(agent.ShiftStart, Kind.ShiftStart, agent.Id);
            At(agent.ShiftEnd, Kind.ShiftEnd, agent.Id);
            _totals.StaffedSeconds += agent.ShiftEnd - agent.ShiftStart;
        }

        ScheduleNextArrival(0);
        while (_events.TryDequeue(out var e, out var key))
        {
            var now = key.At;
            switch (e.Kind)
            {
                case Kind.Arrival:
                    Arrive(NewCaller(now, line: -1, repeat: false), now);
                    ScheduleNextArrival(now);
                    break;
                case Kind.Callback:
                    _pendingCallbacks.Remove(e.Id, out var back);
                    Arrive(back!, now);
                    break;
                case Kind.Abandon:
                    Abandon(e.Id, now);
                    break;
                case Kind.TalkEnded:
                    TalkEnded(_world.Agents[e.Id], now);
                    break;
                case Kind.WrapEnded:
                    BecomeFree(_world.Agents[e.Id], now);
                    break;
                case Kind.ShiftStart:
                    BecomeFree(_world.Agents[e.Id], now);
                    break;
                case Kind.ShiftEnd:
                    var leaving = _world.Agents[e.Id];
                    if (leaving.State == SimulatedAgentState.Idle)
                    {
                        leaving.State = SimulatedAgentState.OffShift;
                    }

                    break;
            }

            Dispatch(now);
        }

        _totals.Days++;
    }

    private void At(double at, Kind kind, int id) => _events.Enqueue((kind, id), (at, _seq++));

    /// <summary>Piecewise-constant Poisson: draw at this hour's rate; crossing into the next hour, redraw there (memoryless).</summary>
    private void ScheduleNextArrival(double now)
    {
        while (now < Day)
        {
            var hour = (int)(now / 3600);
            var rate = _scenario.CallsPerSecond(hour);
            var hourEnd = (hour + 1) * 3600.0;
            if (rate > 0)
            {
                var next = now + Draws.Exponential(_world.Random, 1 / rate);
                if (next < hourEnd)
                {
                    At(next, Kind.Arrival, -1);
                    return;
                }
            }

            now = hourEnd;
        }
    }

    private SimulatedCaller NewCaller(double now, int line, bool repeat, string? language = null, bool? vip = null) =>
        _world.DrawCaller(_nextCaller++, now, line, repeat, language, vip);

    private void Arrive(SimulatedCaller caller, double now)
    {
        _callers[caller.Id] = caller;
        _waiting.Add(caller);
        _totals.RecordArrival(caller, now);
        if (_scenario.PatienceSeconds > 0)
        {
            At(now + Draws.Exponential(_world.Random, _scenario.PatienceSeconds), Kind.Abandon, caller.Id);
        }
    }

    private void Abandon(int callerId, double now)
    {
        if (_callers.TryGetValue(callerId, out var caller) && caller.Waiting)
        {
            caller.Waiting = false;
            _waiting.Remove(caller);
            _callers.Remove(callerId);
            _totals.RecordAbandon(caller, now - caller.ArrivedAt, _scenario.ServiceLevelSeconds);
            _policy.Abandoned(caller);
        }
    }

    private void BecomeFree(SimulatedAgent agent, double now)
    {
        var onShift = now >= agent.ShiftStart && now < agent.ShiftEnd;
        agent.State = onShift ? SimulatedAgentState.Idle : SimulatedAgentState.OffShift;
        agent.IdleSince = now;
    }

    private void TalkEnded(SimulatedAgent agent, double now)
    {
        var (caller, resolved, talk) = _talking[agent.Id];
        _talking.Remove(agent.Id);
        _policy.Completed(caller, agent, _world, talk, resolved);
        agent.State = SimulatedAgentState.WrapUp;
        agent.LastCallEndedAt = now;
        agent.CallsTaken++;
        agent.BusySeconds += agent.WrapUpSeconds;
        _totals.BusySeconds += agent.WrapUpSeconds;
        At(now + agent.WrapUpSeconds, Kind.WrapEnded, agent.Id);
        if (!resolved && _world.Random.NextDouble() < _scenario.CallbackShare)
        {
            var back = now + Draws.Exponential(_world.Random, _scenario.CallbackDelaySeconds);
            if (back < Day)
            {
                var repeat = NewCaller(back, caller.Line, repeat: true, caller.Language, caller.Vip);
                _pendingCallbacks[repeat.Id] = repeat;
                At(back, Kind.Callback, repeat.Id);
            }
        }
    }

    private void Dispatch(double now)
    {
        if (_waiting.Count == 0)
        {
            return;
        }

        _free.Clear();
        foreach (var agent in _world.Agents)
        {
            if (agent.State == SimulatedAgentState.Idle)
            {
                _free.Add(agent);
            }
        }

        if (_free.Count == 0)
        {
            return;
        }

        // One key per caller per dispatch (a policy's order may depend on time waited).
        if (_waiting.Count > 1)
        {
            var keys = new (double, double)[_waiting.Count];
            var order = _waiting.ToArray();
            for (var k = 0; k < order.Length; k++)
            {
                keys[k] = _policy.ServeOrder(order[k], _world, now);
            }

            Array.Sort(keys, order);
            _waiting.Clear();
            _waiting.AddRange(order);
        }

        var eligible = _eligible;
        for (var i = 0; i < _waiting.Count && _free.Count > 0; i++)
        {
            var caller = _waiting[i];
            eligible.Clear();
            foreach (var agent in _free)
            {
                if (agent.IsMemberOf(caller.Queue))
                {
                    eligible.Add(agent);
                }
            }

            if (eligible.Count == 0 || _policy.Choose(caller, eligible, _world, now) is not { } chosen)
            {
                continue;
            }

            _free.Remove(chosen);
            _waiting.RemoveAt(i--);
            Connect(caller, chosen, now);
        }
    }

    private void Connect(SimulatedCaller caller, SimulatedAgent agent, double now)
    {
        caller.Waiting = false;
        _callers.Remove(caller.Id);
        _policy.Connected(caller, agent, _world);
        var (talk, resolved, level) = _world.DrawConversation(caller, agent);
        agent.State = SimulatedAgentState.Talking;
        agent.BusySeconds += talk;
        _totals.BusySeconds += talk;
        _talking[agent.Id] = (caller, resolved, talk);
        _totals.RecordAnswer(caller, now - caller.ArrivedAt, _scenario.ServiceLevelSeconds, resolved, level);
        At(now + talk, Kind.TalkEnded, agent.Id);
    }
}
