using Middleware.Enrichment.Analytics;

namespace Middleware.Enrichment.Tests.Analytics;

public class ErlangCTests
{
    /// <summary>The textbook formula, with factorials: fine for small staffs, the reference to check against.</summary>
    private static double Reference(double a, int n)
    {
        double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);
        var top = Math.Pow(a, n) / Factorial(n) * n / (n - a);
        var sum = Enumerable.Range(0, n).Sum(k => Math.Pow(a, k) / Factorial(k));
        return top / (sum + top);
    }

    [Theory]
    [InlineData(10.0, 11)]
    [InlineData(10.0, 12)]
    [InlineData(10.0, 13)]
    [InlineData(2.5, 4)]
    [InlineData(19.3, 24)]
    public void Waiting_probability_matches_the_textbook_formula(double erlangs, int agents) =>
        Assert.Equal(Reference(erlangs, agents), ErlangC.ProbabilityOfWaiting(erlangs, agents), 9);

    [Fact]
    public void A_worked_case_100_calls_an_hour_of_180_s_needs_8_agents_for_80_in_20()
    {
        // 100 calls/h × 180 s = 5 erlangs. Worked by hand with the Erlang B recursion:
        // 6 agents: P(wait) 0.5875, SL 47.4 %; 7 agents: 0.3241, 74.0 %; 8 agents: 0.1672, 88.0 %.
        var aht = TimeSpan.FromSeconds(180);
        var target = TimeSpan.FromSeconds(20);
        Assert.Equal(1, ErlangC.ProbabilityOfWaiting(5, 5));
        Assert.Equal(0.5875, ErlangC.ProbabilityOfWaiting(5, 6), 3);
        Assert.Equal(0.474, ErlangC.ServiceLevel(5, 6, aht, target), 3);
        Assert.Equal(0.740, ErlangC.ServiceLevel(5, 7, aht, target), 2);
        Assert.Equal(0.880, ErlangC.ServiceLevel(5, 8, aht, target), 2);
        Assert.Equal(8, ErlangC.AgentsNeeded(100, aht, 0.8, target));
        Assert.Equal(0, ErlangC.AgentsNeeded(0, aht, 0.8, TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Large_staffs_stay_numerically_stable()
    {
        var agents = ErlangC.AgentsNeeded(3000, TimeSpan.FromSeconds(240), 0.9, TimeSpan.FromSeconds(15));
        Assert.InRange(agents, 201, 240); // 200 erlangs
        Assert.True(double.IsFinite(ErlangC.ProbabilityOfWaiting(200, agents)));
    }
}
