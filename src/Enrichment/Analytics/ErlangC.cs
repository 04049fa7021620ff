namespace Middleware.Enrichment.Analytics;

/// <summary>
/// Erlang C: how many agents a queue needs so that a share of callers is answered within a
/// target time. Computed through the Erlang B recursion, which stays stable for large staffs.
/// </summary>
public static class ErlangC
{
    /// <summary>Probability that a caller has to wait, with <paramref name="agents"/> agents and <paramref name="erlangs"/> of offered traffic.</summary>
    public static double ProbabilityOfWaiting(double erlangs, int agents)
    {
        if (agents <= erlangs)
        {
            return 1; // the queue grows without bound
        }

        var b = 1.0;
        for (var n = 1; n <= agents; n++)
        {
            b = erlangs * b / (n + (erlangs * b));
        }

        return agents * b / (agents - (erlangs * (1 - b)));
    }

    /// <summary>Share of callers answered within <paramref name="answerWithin"/>.</summary>
    public static double ServiceLevel(double erlangs, int agents, TimeSpan handleTime, TimeSpan answerWithin)
    {
        if (erlangs <= 0)
        {
            return 1;
        }

        var wait = ProbabilityOfWaiting(erlangs, agents);
        return wait >= 1 ? 0 : 1 - (wait * Math.Exp(-(agents - erlangs) * answerWithin.TotalSeconds / handleTime.TotalSeconds));
    }

    /// <summary>Fewest agents that reach the target service level for a given number of calls per hour.</summary>
    public static int AgentsNeeded(double callsPerHour, TimeSpan handleTime, double targetServiceLevel, TimeSpan answerWithin)
    {
        var erlangs = callsPerHour * handleTime.TotalHours;
        if (erlangs <= 0)
        {
            return 0;
        }

        var agents = (int)Math.Floor(erlangs) + 1;
        while (ServiceLevel(erlangs, agents, handleTime, answerWithin) < targetServiceLevel)
        {
            agents++;
        }

        return agents;
    }
}
