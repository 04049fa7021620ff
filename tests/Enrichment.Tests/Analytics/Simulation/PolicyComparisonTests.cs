using Middleware.Enrichment.Analytics.Simulation;

namespace Middleware.Enrichment.Tests.Analytics.Simulation;

public sealed class PolicyComparisonTests
{
    [Fact]
    public void Extra_agents_go_to_the_groups_by_size_and_leave_the_scenario_given_untouched()
    {
        var scenario = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "simulator", "normal-day.yaml")); // 8, 10, 5, 3

        var bigger = PolicyComparison.WithExtraAgents(scenario, 4);

        Assert.Equal([8, 10, 5, 3], scenario.Agents.Select(a => a.Count));
        Assert.Equal(30, bigger.Agents.Sum(a => a.Count));
        Assert.Equal([9, 12, 6, 3], bigger.Agents.Select(a => a.Count)); // exact shares 1.23, 1.54, 0.77, 0.46
        Assert.NotSame(scenario.Agents[0].Skills, bigger.Agents[0].Skills);
    }
}
