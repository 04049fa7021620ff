using Middleware.Enrichment.Analytics;
using Middleware.Enrichment.Analytics.Simulation;
using Xunit.Abstractions;

namespace Middleware.Enrichment.Tests.Analytics.Simulation;

/// <summary>
/// The simulator is only worth its comparisons if it reproduces queueing theory where theory has
/// closed forms: M/M/c against Erlang C and M/M/c+M against Erlang A, within ±5%.
/// </summary>
public sealed class QueueingTheoryValidationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.1, 180, 20, 20)] // ρ = 0.90
    [InlineData(0.02, 150, 4, 20)] // ρ = 0.75, a small team
    [InlineData(0.25, 240, 66, 20)] // ρ ≈ 0.91, a large floor
    public void Mmc_matches_erlang_c(double perSecond, double handle, int agents, double threshold)
    {
        var totals = new CallCenterSimulation(Markovian(perSecond, handle, agents, patience: 0, threshold), new AppQueuePolicy(AppQueueStrategy.RingAll), seed: 7).Run(days: 30);

        var erlangs = perSecond * handle;
        var waitProbability = ErlangC.ProbabilityOfWaiting(erlangs, agents);
        var expectedAsa = waitProbability * handle / (agents - erlangs);
        var expectedServiceLevel = ErlangC.ServiceLevel(erlangs, agents, TimeSpan.FromSeconds(handle), TimeSpan.FromSeconds(threshold));

        output.WriteLine($"ASA {totals.Asa:0.00} s vs Erlang C {expectedAsa:0.00} s; SL {totals.ServiceLevel:0.0000} vs {expectedServiceLevel:0.0000}; {totals.Offered} calls");
        Assert.InRange(totals.Asa, expectedAsa * 0.95, expectedAsa * 1.05);
        Assert.InRange(totals.ServiceLevel, expectedServiceLevel * 0.95, expectedServiceLevel * 1.05);
        Assert.InRange(totals.Occupancy, erlangs / agents * 0.97, erlangs / agents * 1.03);
        Assert.Equal(0, totals.AbandonedCalls);
    }

    [Theory]
    [InlineData(0.1, 180, 18, 120)] // ρ = 1.0: stable only because callers give up
    [InlineData(0.05, 200, 9, 300)] // ρ ≈ 1.11, patient callers
    [InlineData(0.08, 180, 16, 60)] // ρ = 0.9, impatient callers
    public void Mmc_with_abandonment_matches_erlang_a(double perSecond, double handle, int agents, double patience)
    {
        var totals = new CallCenterSimulation(Markovian(perSecond, handle, agents, patience, threshold: 20), new AppQueuePolicy(AppQueueStrategy.RingAll), seed: 11).Run(days: 30);

        var theory = ErlangA.Solve(perSecond, handle, agents, patience);

        output.WriteLine($"abandon {totals.AbandonRate:0.0000} vs Erlang A {theory.AbandonRate:0.0000}; queue time {totals.MeanQueueSeconds:0.00} s vs {theory.MeanQueueSeconds:0.00} s; {totals.Offered} calls");
        Assert.InRange(totals.AbandonRate, theory.AbandonRate * 0.95, theory.AbandonRate * 1.05);
        Assert.InRange(totals.MeanQueueSeconds, theory.MeanQueueSeconds * 0.95, theory.MeanQueueSeconds * 1.05);
    }

    [Fact]
    public void Erlang_a_with_endless_patience_tends_to_erlang_c()
    {
        var a = ErlangA.Solve(0.1, 180, 20, patienceSeconds: 1e9);
        var c = ErlangC.ProbabilityOfWaiting(18, 20);

        Assert.Equal(c, a.ProbabilityOfWaiting, 4);
        Assert.Equal(c * 180 / 2, a.MeanQueueSeconds, 1);
        Assert.True(a.AbandonRate < 1e-6);
    }

    [Fact]
    public void The_same_seed_gives_the_same_days_and_another_seed_other_days()
    {
        var scenario = Markovian(0.1, 180, 20, patience: 120, threshold: 20);
        var first = new CallCenterSimulation(scenario, new AppQueuePolicy(AppQueueStrategy.Random), seed: 3).Run(2).Line();
        var again = new CallCenterSimulation(scenario, new AppQueuePolicy(AppQueueStrategy.Random), seed: 3).Run(2).Line();
        var other = new CallCenterSimulation(scenario, new AppQueuePolicy(AppQueueStrategy.Random), seed: 4).Run(2).Line();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    /// <summary>One queue, one product line, identical agents around the clock, exponential talk, no wrap-up, nothing unresolved.</summary>
    internal static SimulationScenario Markovian(double perSecond, double handle, int agents, double patience, double threshold) => new()
    {
        Name = "markovian",
        CallsPerHour = Enumerable.Range(0, 24).ToDictionary(h => h.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => perSecond * 3600),
        HandleDistribution = HandleDistribution.Exponential,
        PatienceSeconds = patience,
        ServiceLevelSeconds = threshold,
        ProductLines = [new ProductLine { Name = "general", Queue = "support", HandleSeconds = handle, Resolution = 1 }],
        Queues = [new QueueDefinition { Name = "support" }],
        Agents = [new AgentGroup { Name = "agent", Count = agents, Skills = new() { ["general"] = 2 }, Queues = ["support"], ShiftStartHour = 0, ShiftEndHour = 24, WrapUpSeconds = 0 }],
    };
}
