using Middleware.Enrichment.Analytics.Simulation;

namespace Middleware.Enrichment.Tests.Analytics.Simulation;

/// <summary>Each strategy picks the member app_queue's calc_metric() would ring.</summary>
public sealed class AppQueuePolicyTests
{
    private readonly SimulationWorld _world;
    private readonly SimulatedCaller _caller = new() { Id = 1, Line = 0, Queue = 0, Language = "zh", Vip = false, Repeat = false, ArrivedAt = 0 };

    public AppQueuePolicyTests()
    {
        var scenario = QueueingTheoryValidationTests.Markovian(0.1, 180, 4, 0, 20);
        scenario.Agents = [
            new AgentGroup { Name = "a", Count = 3, Queues = ["support"], Penalty = 0 },
            new AgentGroup { Name = "b", Count = 1, Queues = ["support"], Penalty = 2 },
        ];
        _world = new SimulationWorld(scenario, seed: 5);
        var agents = _world.Agents;
        agents[0].CallsTaken = 5;
        agents[0].LastCallEndedAt = 900;
        agents[1].CallsTaken = 2;
        agents[1].LastCallEndedAt = 100;
        agents[2].CallsTaken = 3;
        agents[2].LastCallEndedAt = 500;
        agents[3].CallsTaken = 0; // penalty 2, never called
    }

    [Theory]
    [InlineData(AppQueueStrategy.Linear, 0)] // first member in order
    [InlineData(AppQueueStrategy.FewestCalls, 1)] // 2 calls; the penalty-2 member with 0 calls comes after every penalty-0 one
    [InlineData(AppQueueStrategy.LeastRecent, 1)] // last call ended longest ago
    public void Deterministic_strategies_pick_what_calc_metric_ranks_lowest(AppQueueStrategy strategy, int expected)
    {
        var chosen = new AppQueuePolicy(strategy).Choose(_caller, _world.Agents, _world, now: 1000);

        Assert.Equal(expected, chosen!.Id);
    }

    [Fact]
    public void Rrmemory_goes_on_after_the_member_who_answered_last()
    {
        var policy = new AppQueuePolicy(AppQueueStrategy.RrMemory);
        var picks = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var chosen = policy.Choose(_caller, _world.Agents.Take(3).ToList(), _world, 1000)!;
            policy.Connected(_caller, chosen, _world);
            picks.Add(chosen.Id);
        }

        Assert.Equal([0, 1, 2, 0], picks);
    }

    [Fact]
    public void Ringall_and_random_never_ring_a_higher_penalty_while_a_lower_is_free_but_wrandom_may()
    {
        var counts = new Dictionary<AppQueueStrategy, int[]>();
        foreach (var strategy in new[] { AppQueueStrategy.RingAll, AppQueueStrategy.Random, AppQueueStrategy.WRandom })
        {
            var policy = new AppQueuePolicy(strategy);
            var hits = new int[4];
            for (var i = 0; i < 3000; i++)
            {
                hits[policy.Choose(_caller, _world.Agents, _world, 1000)!.Id]++;
            }

            counts[strategy] = hits;
        }

        Assert.Equal(0, counts[AppQueueStrategy.RingAll][3]);
        Assert.Equal(0, counts[AppQueueStrategy.Random][3]);
        Assert.All(counts[AppQueueStrategy.RingAll].Take(3), n => Assert.InRange(n, 800, 1200));
        // wrandom: metric random % ((1 + penalty) * 1000): the penalty-2 member wins when its draw is lowest of four.
        Assert.InRange(counts[AppQueueStrategy.WRandom][3], 50, 400);
    }
}
