using Middleware.Enrichment.Analytics;
using Middleware.Enrichment.Analytics.Simulation;

namespace Middleware.Enrichment.Tests.Analytics.Simulation;

/// <summary>The `hints` policy decides through the routing enricher's own ranker and priority.</summary>
public sealed class HintsPolicyTests
{
    private static SimulationScenario NormalDay() => ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "simulator", "normal-day.yaml"));

    [Fact]
    public void Hints_give_more_calls_to_experts_than_the_acd_and_resolve_more()
    {
        var legacy = new CallCenterSimulation(NormalDay(), new AppQueuePolicy(AppQueueStrategy.RingAll), seed: 2).Run(3);
        var hints = new CallCenterSimulation(NormalDay(), new HintsPolicy(), seed: 2).Run(3);

        double Experts(SimulationTotals t) => (double)t.AnsweredBySkillLevel[3] / t.Answered;
        Assert.True(Experts(hints) > Experts(legacy) + 0.15, $"experts took {Experts(hints):0.00} of calls with hints, {Experts(legacy):0.00} with ringall");
        Assert.True(hints.FirstContactResolution > legacy.FirstContactResolution);
    }

    [Fact]
    public void With_identical_agents_and_no_vips_hints_are_plain_fifo_and_match_erlang_c()
    {
        var totals = new CallCenterSimulation(QueueingTheoryValidationTests.Markovian(0.1, 180, 22, patience: 0, threshold: 20), new HintsPolicy(), seed: 7).Run(60);

        var expected = ErlangC.ProbabilityOfWaiting(18, 22) * 180 / 4;
        // 60 days: the mean's standard error is about 3.5% here, so ±8% is two of them.
        Assert.InRange(totals.Asa, expected * 0.92, expected * 1.08);
    }

    [Fact]
    public void Vip_callers_are_served_first_when_hints_decide()
    {
        var scenario = NormalDay();
        scenario.VipShare = 0.2;
        var world = new SimulationWorld(scenario, seed: 1);
        var policy = new HintsPolicy();
        var vip = new SimulatedCaller { Id = 1, Line = 0, Queue = 0, Language = "zh", Vip = true, Repeat = false, ArrivedAt = 100 };
        var earlier = new SimulatedCaller { Id = 2, Line = 0, Queue = 0, Language = "zh", Vip = false, Repeat = false, ArrivedAt = 50 };

        Assert.True(policy.ServeOrder(vip, world, 110).CompareTo(policy.ServeOrder(earlier, world, 110)) < 0);
    }
}
