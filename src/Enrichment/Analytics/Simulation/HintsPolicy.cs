using Middleware.Enrichment.Routing;

namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// The middleware's own routing deciding in the simulator, through the production classes the
/// routing enricher uses (<see cref="CallerPriority"/> orders the waiting callers, <see cref="AgentRanker"/>
/// picks among the free members of their queue) — the ACD in act mode following every hint. Handle
/// time and resolution per agent and skill are learned as the simulated calls end, as production
/// learns them from the journal; the run's history carries over from day to day. Like production it
/// knows skills and levels (from the scenario, as an integrator configures routing.agents), not languages.
/// </summary>
public sealed class HintsPolicy(RoutingOptions? options = null) : IRoutingPolicy
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(8));

    private readonly RoutingOptions _template = options ?? new RoutingOptions();
    private readonly AgentHistory _history = new();
    private readonly Dictionary<int, CallSnapshot> _calls = [];
    private readonly List<AgentSnapshot> _free = [];
    private AgentRanker? _ranker;
    private CallerPriority? _priority;

    public string Name => "hints";

    public (double Primary, double Secondary) ServeOrder(SimulatedCaller caller, SimulationWorld world, double now)
    {
        Prepare(world);
        var (priority, _) = _priority!.For(Snapshot(caller, world), caller.Vip, escalationRisk: null, earlierCalls: caller.Repeat ? 1 : 0, At(now));
        return (-priority, caller.ArrivedAt);
    }

    public SimulatedAgent? Choose(SimulatedCaller caller, IReadOnlyList<SimulatedAgent> free, SimulationWorld world, double now)
    {
        Prepare(world);
        _free.Clear();
        foreach (var agent in free)
        {
            _free.Add(new AgentSnapshot(agent.Name, agent.Name, AgentState.Idle, false, [], null, agent.CallsTaken, At(agent.IdleSince)));
        }

        var best = _ranker!.Rank(_free, world.Lines[caller.Line].Name, At(now))[0];
        foreach (var agent in free)
        {
            if (agent.Name == best.Agent)
            {
                return agent;
            }
        }

        return null;
    }

    public void Connected(SimulatedCaller caller, SimulatedAgent agent, SimulationWorld world) => _calls.Remove(caller.Id);

    public void Completed(SimulatedCaller caller, SimulatedAgent agent, SimulationWorld world, double talkSeconds, bool resolved) =>
        _history.Record(agent.Name, world.Lines[caller.Line].Name, talkSeconds, resolved);

    public void Abandoned(SimulatedCaller caller) => _calls.Remove(caller.Id);

    private void Prepare(SimulationWorld world)
    {
        if (_ranker is not null)
        {
            return;
        }

        var configured = new RoutingOptions
        {
            VipPriority = _template.VipPriority,
            Weights = _template.Weights,
            Priority = _template.Priority,
            Agents = world.Agents.ToDictionary(
                a => a.Name,
                a => world.Lines.Select((line, i) => (line.Name, Level: a.SkillByLine[i])).Where(s => s.Level > 0).ToDictionary(s => s.Name, s => s.Level, StringComparer.OrdinalIgnoreCase),
                StringComparer.Ordinal),
        };
        _ranker = new AgentRanker(configured, _history);
        _priority = new CallerPriority(configured);
    }

    /// <summary>The caller as the call state would show it while queued (what CallerPriority reads: number, queue, time queued).</summary>
    private CallSnapshot Snapshot(SimulatedCaller caller, SimulationWorld world)
    {
        if (!_calls.TryGetValue(caller.Id, out var snapshot))
        {
            var at = At(caller.ArrivedAt);
            snapshot = new CallSnapshot($"sim-{caller.Id}", "simulator", CallPhase.Queued, $"caller-{caller.Id}", null, null, CallDirection.Inbound,
                world.QueueNames[caller.Queue], null, null, at, at, null, null, null, null, [], 0, 0, "", null, false, [], [], null, null, [], [], []);
            _calls[caller.Id] = snapshot;
        }

        return snapshot;
    }

    private static DateTimeOffset At(double seconds) => Midnight.AddSeconds(seconds);
}
