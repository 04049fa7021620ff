namespace Middleware.Enrichment.Analytics;

/// <summary>
/// Erlang A (M/M/c+M, Palm 1946): Poisson arrivals, exponential service, c agents and exponential
/// patience. Solved exactly as the birth–death chain it is — births λ, deaths min(n, c)·μ +
/// max(n − c, 0)·θ — truncated where the stationary probabilities vanish.
/// </summary>
public static class ErlangA
{
    public sealed record Figures(double ProbabilityOfWaiting, double AbandonRate, double MeanQueueSeconds);

    /// <param name="arrivalsPerSecond">λ</param>
    /// <param name="handleSeconds">1/μ</param>
    /// <param name="agents">c</param>
    /// <param name="patienceSeconds">1/θ (mean patience)</param>
    public static Figures Solve(double arrivalsPerSecond, double handleSeconds, int agents, double patienceSeconds)
    {
        var mu = 1 / handleSeconds;
        var theta = 1 / patienceSeconds;
        var probabilities = new List<double> { 1 };
        var p = 1.0;
        var total = 1.0;
        for (var n = 1; n < 100_000; n++)
        {
            var death = (Math.Min(n, agents) * mu) + (Math.Max(n - agents, 0) * theta);
            p *= arrivalsPerSecond / death;
            probabilities.Add(p);
            total += p;
            if (n > agents && p < total * 1e-16)
            {
                break;
            }
        }

        double waiting = 0, queue = 0, abandonFlow = 0;
        for (var n = 0; n < probabilities.Count; n++)
        {
            var pi = probabilities[n] / total;
            if (n >= agents)
            {
                waiting += pi; // PASTA: an arrival sees the stationary state
            }

            var inQueue = Math.Max(n - agents, 0);
            queue += inQueue * pi;
            abandonFlow += inQueue * theta * pi;
        }

        var abandon = abandonFlow / arrivalsPerSecond;
        var meanQueue = queue / arrivalsPerSecond; // Little's law over all arrivals
        return new Figures(waiting, abandon, meanQueue);
    }
}
