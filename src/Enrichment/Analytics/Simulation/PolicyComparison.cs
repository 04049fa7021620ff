namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>A figure over repetitions: mean and the half-width of its 95% confidence interval (Student t).</summary>
public readonly record struct Estimate(double Mean, double HalfWidth, int Samples)
{
    public static Estimate Of(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0)
        {
            return default;
        }

        var mean = values.Average();
        if (n == 1)
        {
            return new Estimate(mean, double.NaN, 1);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        return new Estimate(mean, StudentT975(n - 1) * Math.Sqrt(variance / n), n);
    }

    /// <summary>Two-sided 95% quantile of Student's t; the table to 30 degrees of freedom, then the normal's 1.96 with a 1/df correction.</summary>
    private static double StudentT975(int df)
    {
        double[] table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042];
        return df <= table.Length ? table[df - 1] : 1.96 + (2.4 / df);
    }
}

/// <summary>One policy over many seeds: every seed's totals, and the estimates a report shows.</summary>
public sealed class PolicyRuns(string policy, IReadOnlyList<SimulationTotals> runs)
{
    public string Policy { get; } = policy;

    public IReadOnlyList<SimulationTotals> Runs { get; } = runs;

    public Estimate Asa => Estimate.Of(Runs.Select(r => r.Asa).ToList());

    public Estimate AbandonRate => Estimate.Of(Runs.Select(r => r.AbandonRate).ToList());

    public Estimate ServiceLevel => Estimate.Of(Runs.Select(r => r.ServiceLevel).ToList());

    public Estimate FirstContactResolution => Estimate.Of(Runs.Select(r => r.FirstContactResolution).ToList());

    public Estimate Occupancy => Estimate.Of(Runs.Select(r => r.Occupancy).ToList());

    public double AsaByHour(int hour) => Runs.Average(r => r.AsaByHour(hour));

    public double AbandonRateByHour(int hour) => Runs.Average(r => r.AbandonRateByHour(hour));
}

/// <summary>
/// Runs routing policies side by side on the same scenario with the same seeds (common random
/// numbers: seed k draws the same arrivals for every policy until their decisions differ), and
/// finds how many agents a legacy policy would need to match another's service level.
/// </summary>
public static class PolicyComparison
{
    public static PolicyRuns Run(SimulationScenario scenario, Func<IRoutingPolicy> policy, IReadOnlyList<int> seeds, int days, Action? seedDone = null)
    {
        var runs = new SimulationTotals[seeds.Count];
        var name = policy().Name;
        Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            runs[i] = new CallCenterSimulation(scenario, policy(), seeds[i]).Run(days);
            seedDone?.Invoke();
        });
        return new PolicyRuns(name, runs);
    }

    /// <summary>
    /// Fewest extra agents (spread over the groups in proportion to their size) with which
    /// <paramref name="legacy"/> reaches <paramref name="targetServiceLevel"/>; null when even +100% does not.
    /// </summary>
    public static int? ExtraAgentsToReach(SimulationScenario scenario, Func<IRoutingPolicy> legacy, double targetServiceLevel, IReadOnlyList<int> seeds, int days)
    {
        var staff = scenario.Agents.Sum(a => a.Count);
        for (var extra = 0; extra <= staff; extra++)
        {
            var runs = Run(WithExtraAgents(scenario, extra), legacy, seeds, days);
            if (runs.ServiceLevel.Mean >= targetServiceLevel)
            {
                return extra;
            }
        }

        return null;
    }

    /// <summary>The scenario with <paramref name="extra"/> more agents, given to groups by largest remainder of their share.</summary>
    public static SimulationScenario WithExtraAgents(SimulationScenario scenario, int extra)
    {
        var staff = scenario.Agents.Sum(a => a.Count);
        var exact = scenario.Agents.Select(a => (double)a.Count * extra / staff).ToArray();
        var added = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - added[i]).ThenBy(i => i).Take(extra - added.Sum()))
        {
            added[i]++;
        }

        var copy = OptionsCopy.Of(scenario); // the project's one deep copy of bound options
        for (var i = 0; i < copy.Agents.Count; i++)
        {
            copy.Agents[i].Count += added[i];
        }

        return copy;
    }
}
