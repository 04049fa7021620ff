using Middleware.Core.Configuration;
using Middleware.Enrichment.Analytics.Simulation;

namespace Middleware.Enrichment.Tests.Analytics.Simulation;

public sealed class ScenarioFileTests
{
    private static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "simulator", name + ".yaml");

    [Theory]
    [InlineData("normal-day")]
    [InlineData("sales-peak")]
    public void The_shipped_scenarios_load_and_run_every_legacy_strategy(string name)
    {
        var scenario = ScenarioFile.Load(Shipped(name));

        Assert.Equal(name, scenario.Name);
        foreach (var policy in RoutingPolicies.All)
        {
            var totals = new CallCenterSimulation(scenario, RoutingPolicies.Parse(policy, out _)!(), seed: 1).Run(1);
            Assert.True(totals.Offered > 1000, policy);
            Assert.InRange(totals.ServiceLevel, 0.05, 1);
            Assert.InRange(totals.Occupancy, 0.3, 1);
        }
    }

    [Fact]
    public void The_sales_peak_reaches_five_times_the_normal_peak()
    {
        var normal = ScenarioFile.Load(Shipped("normal-day"));
        var peak = ScenarioFile.Load(Shipped("sales-peak"));

        var normalPeak = new CallCenterSimulation(normal, new AppQueuePolicy(AppQueueStrategy.RingAll), 1).Run(10).OfferedByHour.Max();
        var salesPeak = new CallCenterSimulation(peak, new AppQueuePolicy(AppQueueStrategy.RingAll), 1).Run(10).OfferedByHour.Max();

        Assert.InRange(salesPeak / (double)normalPeak, 4.5, 5.5);
    }

    [Fact]
    public void An_unknown_key_is_refused_with_file_line_and_key()
    {
        var yaml = "name: x\nproduct_lines:\n  - name: a\n    queue: q\n    handel_seconds: 3\nqueues:\n  - name: q\nagents:\n  - name: g\n    queues: [q]\n";

        var error = Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml, "day.yaml"));

        var only = Assert.Single(error.Errors);
        Assert.Equal(("day.yaml", 5), (only.File, only.Line));
        Assert.Contains("handel_seconds", only.ToString());
    }

    [Fact]
    public void References_between_lines_queues_and_agents_are_checked_where_written()
    {
        var yaml = "name: x\ncalls_per_hour:\n  25: 10\nproduct_lines:\n  - name: a\n    queue: nowhere\nqueues:\n  - name: q\nagents:\n  - name: g\n    queues: [q, other]\n    skills: { b: 2, a: 7 }\n    shift_start_hour: 9\n    shift_end_hour: 8\n";

        var errors = Assert.Throws<ConfigException>(() => ScenarioFile.Parse(yaml, "day.yaml")).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith("day.yaml:3:", StringComparison.Ordinal) && e.Contains("calls_per_hour.25"));
        Assert.Contains(errors, e => e.StartsWith("day.yaml:6:", StringComparison.Ordinal) && e.Contains("no queue named 'nowhere'"));
        Assert.Contains(errors, e => e.Contains("agents[0].queues[1]") && e.Contains("'other'"));
        Assert.Contains(errors, e => e.Contains("agents[0].skills.b") && e.Contains("no product line"));
        Assert.Contains(errors, e => e.Contains("agents[0].skills.a") && e.Contains("0 (none) to 3"));
        Assert.Contains(errors, e => e.Contains("agents[0].shift_end_hour"));
    }
}
