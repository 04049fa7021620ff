namespace Middleware.Enrichment.Routing;

/// <summary>
/// Per agent and skill: average handle time and the share of calls resolved (no ticket needed),
/// learned from the journal's history at start and kept up to date as calls end.
/// </summary>
public sealed class AgentHistory
{
    private readonly ConcurrentDictionary<(string Agent, string Skill), Tally> _tallies = new();

    public void Record(string agent, string skill, double handleSeconds, bool resolved)
    {
        var tally = _tallies.GetOrAdd((agent, skill), _ => new Tally());
        lock (tally)
        {
            tally.Calls++;
            tally.HandleSeconds += handleSeconds;
            tally.Resolved += resolved ? 1 : 0;
        }
    }

    /// <summary>A call recorded as resolved turned out to need a ticket.</summary>
    public void MarkUnresolved(string agent, string skill)
    {
        if (_tallies.TryGetValue((agent, skill), out var tally))
        {
            lock (tally)
            {
                tally.Resolved = Math.Max(0, tally.Resolved - 1);
            }
        }
    }

    /// <returns>Null when the agent has no calls of this skill yet.</returns>
    public (int Calls, double AverageHandleSeconds, double ResolutionRate)? Of(string agent, string skill)
    {
        if (!_tallies.TryGetValue((agent, skill), out var tally))
        {
            return null;
        }

        lock (tally)
        {
            return tally.Calls == 0 ? null : (tally.Calls, tally.HandleSeconds / tally.Calls, (double)tally.Resolved / tally.Calls);
        }
    }

    /// <summary>The average handle time over every agent for this skill (what "shorter than usual" compares to).</summary>
    public double? AverageHandleSeconds(string skill)
    {
        double seconds = 0;
        var calls = 0;
        foreach (var ((_, s), tally) in _tallies)
        {
            if (s == skill)
            {
                lock (tally)
                {
                    seconds += tally.HandleSeconds;
                    calls += tally.Calls;
                }
            }
        }

        return calls == 0 ? null : seconds / calls;
    }

    private sealed class Tally
    {
        public int Calls;
        public double HandleSeconds;
        public int Resolved;
    }
}
