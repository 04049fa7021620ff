namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// A scenario resolved into indexes for one run: product lines, queues with their weights, the
/// staffed agents, and the run's one seeded generator. Policies read it; only the simulation changes it.
/// </summary>
public sealed class SimulationWorld
{
    public SimulationWorld(SimulationScenario scenario, int seed)
    {
        Scenario = scenario;
        Random = new Random(seed);
        Lines = scenario.ProductLines;
        QueueNames = scenario.Queues.Select(q => q.Name).ToArray();
        QueueWeights = scenario.Queues.Select(q => q.Weight).ToArray();
        LineQueue = Lines.Select(l => QueueIndex(l.Queue)).ToArray();
        LanguageNames = scenario.Languages.Keys.ToArray();
        LanguageShares = scenario.Languages.Values.ToArray();
        LineShares = Lines.Select(l => l.Share).ToArray();
        Agents = BuildAgents(scenario);
    }

    public SimulationScenario Scenario { get; }

    public Random Random { get; }

    public IReadOnlyList<ProductLine> Lines { get; }

    public string[] QueueNames { get; }

    public int[] QueueWeights { get; }

    /// <summary>Queue index of each product line.</summary>
    public int[] LineQueue { get; }

    public string[] LanguageNames { get; }

    public double[] LanguageShares { get; }

    public double[] LineShares { get; }

    public IReadOnlyList<SimulatedAgent> Agents { get; }

    /// <summary>Round-robin position per queue (app_queue's rrpos).</summary>
    public int[] RoundRobinPosition => _rrpos ??= new int[QueueNames.Length];

    private int[]? _rrpos;

    /// <summary>A new caller: product line (unless given), language and VIP tier drawn from the scenario's shares.</summary>
    public SimulatedCaller DrawCaller(int id, double now, int line, bool repeat, string? language = null, bool? vip = null)
    {
        line = line >= 0 ? line : Draws.Pick(Random, LineShares);
        return new SimulatedCaller
        {
            Id = id,
            Line = line,
            Queue = LineQueue[line],
            Language = language ?? (LanguageNames.Length == 0 ? "" : LanguageNames[Draws.Pick(Random, LanguageShares)]),
            Vip = vip ?? Random.NextDouble() < Scenario.VipShare,
            Repeat = repeat,
            ArrivedAt = now,
        };
    }

    /// <summary>
    /// How the conversation goes with this agent: talk time (mean by the agent's skill level for the
    /// line and language) and whether it resolves the matter; returns the skill level too.
    /// </summary>
    public (double Talk, bool Resolved, int Level) DrawConversation(SimulatedCaller caller, SimulatedAgent agent)
    {
        var line = Lines[caller.Line];
        var level = agent.SkillByLine[caller.Line];
        var speaks = caller.Language.Length == 0 || agent.Languages.Count == 0 || agent.Languages.Contains(caller.Language);
        var mean = line.HandleSeconds * Factor(Scenario.SkillEffects.HandleFactor, level) * (speaks ? 1 : Scenario.LanguageMismatchFactor);
        var talk = Scenario.HandleDistribution == HandleDistribution.Exponential
            ? Draws.Exponential(Random, mean)
            : Draws.LogNormal(Random, mean, line.HandleVariation);
        var resolved = Random.NextDouble() < Math.Min(1, line.Resolution * Factor(Scenario.SkillEffects.ResolutionFactor, level) * (speaks ? 1 : 0.8));
        return (talk, resolved, level);
    }

    private static double Factor(List<double> factors, int level) =>
        factors.Count == 0 ? 1 : factors[Math.Clamp(level, 0, factors.Count - 1)];

    public int QueueIndex(string name)
    {
        var i = Array.IndexOf(QueueNames, name);
        return i >= 0 ? i : throw new ArgumentException($"no queue named '{name}'", nameof(name));
    }

    private SimulatedAgent[] BuildAgents(SimulationScenario scenario)
    {
        var agents = new List<SimulatedAgent>();
        var members = new int[QueueNames.Length];
        foreach (var group in scenario.Agents)
        {
            for (var n = 0; n < group.Count; n++)
            {
                var positions = Enumerable.Repeat(-1, QueueNames.Length).ToArray();
                foreach (var queue in group.Queues)
                {
                    var q = QueueIndex(queue);
                    positions[q] = members[q]++;
                }

                agents.Add(new SimulatedAgent
                {
                    Id = agents.Count,
                    Name = $"{group.Name}-{n + 1:000}",
                    SkillByLine = Lines.Select(l => group.Skills.TryGetValue(l.Name, out var level) ? Math.Clamp(level, 0, 3) : 0).ToArray(),
                    Languages = new HashSet<string>(group.Languages, StringComparer.OrdinalIgnoreCase),
                    PositionInQueue = positions,
                    Penalty = group.Penalty,
                    WrapUpSeconds = group.WrapUpSeconds,
                    ShiftStart = group.ShiftStartHour * 3600.0,
                    ShiftEnd = group.ShiftEndHour * 3600.0,
                });
            }
        }

        return [.. agents];
    }
}
