namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>Random draws the simulators share; every draw comes from the one seeded generator of a run.</summary>
public static class Draws
{
    public static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>Log-normal from mean m and coefficient of variation c: σ² = ln(1 + c²), μ = ln m − σ²/2.</summary>
    public static double LogNormal(Random random, double mean, double variation)
    {
        var sigma2 = Math.Log(1 + (variation * variation));
        var mu = Math.Log(mean) - (sigma2 / 2);
        return Math.Exp(mu + (Math.Sqrt(sigma2) * StandardNormal(random)));
    }

    /// <summary>Box–Muller.</summary>
    public static double StandardNormal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Index of the share drawn from cumulative weights (need not sum to 1).</summary>
    public static int Pick(Random random, IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var draw = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
