namespace Middleware.Enrichment.Dialer.Pacing;

/// <summary>
/// Decides how many calls to place now; the live dialer and the simulator both call this one class.
/// Progressive: one call per idle agent (1:1). Predictive: over the time a dialed call takes to be
/// answered, the agents free then are a random count — the idle ones, those whose wrap-up ends,
/// and each busy one with the chance its call ends by then given how long it has lasted (talk
/// times taken as log-normal, fitted live) — and the people who answer among the
/// calls in flight are binomial in the live answer rate. A call is placed while the chance that
/// the person it reaches finds no agent (the marginal expected abandon over the expected answer)
/// stays under a threshold. The threshold is adapted continuously from the campaign's abandon
/// rate against its target, and at the cap the dialer falls back to 1:1, so the rate holds.
/// </summary>
public sealed class PacingController(DialerOptions options)
{
    /// <summary>Below this many person-answered calls the estimates are too young to dial ahead.</summary>
    public const int WarmUpAnswers = 20;

    /// <summary>Dialing ahead stops at this share of the abandon target.</summary>
    public const double CapMargin = 0.9;

    private double _threshold = options.AbandonTarget;
    private int _answeredSeen;

    /// <summary>The marginal abandon chance a new call may carry now.</summary>
    public double Threshold => _threshold;

    /// <summary>Calls in flight per agent expected to be free, after the last decision.</summary>
    public double LastDialRatio { get; private set; } = 1;

    public int CallsToPlace(PacingInputs p)
    {
        var oneToOne = Math.Max(0, p.AgentsIdle - p.InFlight - p.WaitingForAgent);
        // The cap keeps a margin under the target: calls already in flight can still be abandoned after it trips.
        if (options.Pacing == PacingMode.Progressive || p.AnsweredSoFar < WarmUpAnswers || p.AbandonRate >= CapMargin * options.AbandonTarget)
        {
            LastDialRatio = 1;
            return oneToOne;
        }

        Adapt(p);
        // An answered person waits up to the grace for an agent, so agents freeing then still count.
        var horizon = Math.Max(1, p.MeanTimeToAnswerSeconds) + options.ConnectGrace.TotalSeconds;
        var free = FreeAgents(p, horizon);
        var expectedFree = free.Select((q, a) => q * a).Sum();
        var answer = Math.Clamp(p.HumanAnswerRate, 0.02, 1);
        var limit = (int)Math.Ceiling(options.MaxDialRatio * Math.Max(1, expectedFree + p.WaitingForAgent)) + 1;

        // People answering among n calls in flight: binomial, grown one call at a time.
        var humans = new double[limit + 2];
        humans[0] = 1;
        for (var n = 0; n < p.InFlight && n < limit; n++)
        {
            AddCall(humans, n, answer);
        }

        var n0 = Math.Min(p.InFlight, limit);
        var before = ExpectedAbandons(humans, n0, free, p.WaitingForAgent);
        var place = 0;
        for (var n = n0; n < limit; n++)
        {
            AddCall(humans, n, answer);
            var after = ExpectedAbandons(humans, n + 1, free, p.WaitingForAgent);
            if ((after - before) / answer > _threshold)
            {
                break;
            }

            before = after;
            place++;
        }

        LastDialRatio = (p.InFlight + place) / Math.Max(1, expectedFree);
        return Math.Max(place, oneToOne); // an idle agent always has a call on its way
    }

    /// <summary>P(k agents free within the horizon), for k = 0..agents.</summary>
    private static double[] FreeAgents(PacingInputs p, double horizon)
    {
        var certain = p.AgentsIdle + p.WrapRemainingSeconds.Count(w => w <= horizon);
        var dist = new double[certain + p.BusySeconds.Count + 1];
        dist[certain] = 1;
        var top = certain;
        foreach (var elapsed in p.BusySeconds)
        {
            var freeing = EndsWithin(elapsed, horizon, p.LogHandle.Mean, Math.Max(0.05, p.LogHandle.Deviation));
            for (var k = ++top; k > 0; k--)
            {
                dist[k] = dist[k] * (1 - freeing) + dist[k - 1] * freeing;
            }

            dist[0] *= 1 - freeing;
        }

        return dist;
    }

    /// <summary>P(talk ends before elapsed + t | it lasted elapsed), for log-normal talk times.</summary>
    private static double EndsWithin(double elapsed, double t, double mu, double sigma)
    {
        double Cdf(double x) => x <= 0 ? 0 : NormalCdf((Math.Log(x) - mu) / sigma);
        var survived = 1 - Cdf(elapsed);
        return survived < 1e-9 ? 1 : Math.Clamp((Cdf(elapsed + t) - Cdf(elapsed)) / survived, 0, 1);
    }

    /// <summary>Φ(z) from erfc (Abramowitz and Stegun 7.1.26, error under 1.5e-7).</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var k = 1 / (1 + 0.3275911 * x);
        var erfc = k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429)))) * Math.Exp(-x * x);
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }

    private static void AddCall(double[] humans, int n, double answer)
    {
        for (var h = n + 1; h > 0; h--)
        {
            humans[h] = humans[h] * (1 - answer) + humans[h - 1] * answer;
        }

        humans[0] *= 1 - answer;
    }

    /// <summary>E[max(0, people answering + people already waiting − agents free)].</summary>
    private static double ExpectedAbandons(double[] humans, int n, double[] free, int waiting)
    {
        var sum = 0.0;
        for (var h = 0; h <= n; h++)
        {
            if (humans[h] < 1e-12)
            {
                continue;
            }

            for (var a = 0; a < free.Length; a++)
            {
                var excess = h + waiting - a;
                if (excess > 0)
                {
                    sum += humans[h] * free[a] * excess;
                }
            }
        }

        return sum;
    }

    /// <summary>Once per newly answered call: lean in while the rate is well under target, back off as it nears it.</summary>
    private void Adapt(PacingInputs p)
    {
        if (p.AnsweredSoFar == _answeredSeen)
        {
            return;
        }

        _answeredSeen = p.AnsweredSoFar;
        var target = options.AbandonTarget;
        var factor = p.AbandonRate < 0.7 * target ? 1.03 : p.AbandonRate > 0.8 * target ? 0.85 : 1.0;
        _threshold = Math.Clamp(_threshold * factor, 0.2 * target, 10 * target);
    }
}
