namespace Middleware.Enrichment.Routing;

/// <summary>
/// One available agent's place in the ranking and the facts it rests on. The reason in words and as a
/// code are made from them when asked: a hint names a few of the ranked agents, the simulator none.
/// </summary>
/// <param name="Level">The agent's level in the skill; null when lacking it.</param>
/// <param name="TeamHandleSeconds">The team's average handle time on the skill, when history has it.</param>
public sealed record RankedAgent(string Agent, string? Name, double Score, string Skill, int? Level, double IdleSeconds, int HandledToday,
    (int Calls, double AverageHandleSeconds, double ResolutionRate)? Past, double? TeamHandleSeconds)
{
    public string Reason
    {
        get
        {
            var parts = new List<string>
            {
                Level is { } l ? $"{Skill} level {l}" : $"no {Skill} skill",
                IdleSeconds >= 60 ? $"idle {IdleSeconds / 60:0.#} min" : $"idle {IdleSeconds:0} s",
                $"{HandledToday} call(s) today",
            };
            if (Past is { } p)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"resolves {p.ResolutionRate * 100:0}% of {p.Calls} {Skill} call(s), {p.AverageHandleSeconds / 60:0.0} min each")
                    + (TeamHandleSeconds is { } t ? string.Create(CultureInfo.InvariantCulture, $" (team {t / 60:0.0})") : ""));
            }

            return $"{Name ?? Agent} ({Agent}): {string.Join(", ", parts)}";
        }
    }

    /// <summary>What <see cref="Reason"/> says, as values (empty where it says nothing); minutes to one decimal.</summary>
    public ReasonCode Code => ReasonCode.Of(
        ReasonCodes.SuggestAgent, // the advisor says whether it is the suggestion or the next one
        ("name", Name ?? Agent),
        ("agent", Agent),
        ("skill", Skill),
        ("level", Level),
        ("idleSeconds", Math.Round(IdleSeconds)),
        ("today", HandledToday),
        ("resolvedPercent", Past is { } p ? Math.Round(p.ResolutionRate * 100) : null),
        ("pastCalls", Past?.Calls),
        ("handleMinutes", Past is { } h ? Math.Round(h.AverageHandleSeconds / 60, 1) : null),
        ("teamMinutes", Past is not null && TeamHandleSeconds is { } t ? Math.Round(t / 60, 1) : null));
}

/// <summary>
/// Ranks the agents free to take a caller: skill match and level, idle time, today's load, and
/// handle time and resolution rate on this skill learned from history, each scaled to 0..1 and
/// weighted as configured. Agents without the skill rank below every agent with it.
/// </summary>
public sealed class AgentRanker(RoutingOptions options, AgentHistory history)
{
    private readonly RankingWeights _w = options.Weights;
    private readonly Dictionary<string, Dictionary<string, int>> _skills = options.Agents.ToDictionary(
        a => a.Key, a => new Dictionary<string, int>(a.Value, StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);

    public IReadOnlyList<RankedAgent> Rank(IReadOnlyList<AgentSnapshot> free, string skill, DateTimeOffset now)
    {
        if (free.Count == 0)
        {
            return [];
        }

        var busiest = Math.Max(1, free.Max(a => a.HandledToday));
        var teamHandle = history.AverageHandleSeconds(skill);
        var ranked = new List<RankedAgent>(free.Count);
        foreach (var agent in free)
        {
            var level = Level(agent.Agent, skill);
            var idle = agent.IdleSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0;
            var past = history.Of(agent.Agent, skill);
            var handleScore = past is { } p && teamHandle is { } team && p.AverageHandleSeconds > 0 ? Math.Clamp(team / p.AverageHandleSeconds / 2, 0, 1) : 0.5;
            var score = (level is null ? -1 : 0)
                + (_w.SkillLevel * (level ?? 0) / 5.0)
                + (_w.IdleTime * Math.Min(1, idle / Math.Max(1, _w.IdleCap.TotalSeconds)))
                + (_w.LoadToday * (1 - ((double)agent.HandledToday / busiest)))
                + (_w.HandleTime * handleScore)
                + (_w.Resolution * (past?.ResolutionRate ?? 0.5));
            ranked.Add(new RankedAgent(agent.Agent, agent.Name, score, skill, level, idle, agent.HandledToday, past, teamHandle));
        }

        return ranked.OrderByDescending(r => r.Score).ThenBy(r => r.Agent, StringComparer.Ordinal).ToList();
    }

    /// <summary>The agent's level in the skill; 3 when no skills are configured at all (everyone in the queue is assumed able); null when lacking it.</summary>
    private int? Level(string agent, string skill) =>
        _skills.Count == 0 ? 3 : _skills.TryGetValue(agent, out var skills) && skills.TryGetValue(skill, out var level) ? level : null;
}
