using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Enrichment.Analytics.Simulation;
using Middleware.Host.Hosting;
using Middleware.Samples.Simulation;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Hosting;

/// <summary>
/// The simulator's wired mode: a small floor's six minutes played against the AMI emulator over
/// TCP with the whole middleware attached, once under the legacy ACD (rrmemory) and once with hints
/// in act mode, whose Redirects the emulated PBX executes.
/// </summary>
public sealed class WiredSimulationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>Two lines, one queue, two agent groups: each expert on one line, so the hints have a choice to make.</summary>
    private static SimulationScenario Floor() => new()
    {
        Name = "tiny",
        CallsPerHour = new() { ["10"] = 120 },
        PatienceSeconds = 150,
        ServiceLevelSeconds = 20,
        CallbackShare = 0.3,
        CallbackDelaySeconds = 300,
        ProductLines =
        [
            new ProductLine { Name = "billing", Share = 0.5, Queue = "service", HandleSeconds = 150 },
            new ProductLine { Name = "orders", Share = 0.5, Queue = "service", HandleSeconds = 150 },
        ],
        Queues = [new QueueDefinition { Name = "service" }],
        Agents =
        [
            new AgentGroup { Name = "billing", Count = 2, Skills = new() { ["billing"] = 3 }, Queues = ["service"], ShiftStartHour = 8, ShiftEndHour = 18, WrapUpSeconds = 10 },
            new AgentGroup { Name = "orders", Count = 2, Skills = new() { ["orders"] = 3 }, Queues = ["service"], ShiftStartHour = 8, ShiftEndHour = 18, WrapUpSeconds = 10 },
        ],
    };

    /// <summary>A 30 s ring (1 s real at 30×) leaves the middleware time to redirect even on a loaded machine.</summary>
    private async Task<(WiredResult Result, List<EventEnvelope> Journal)> RunAsync(string routing)
    {
        var data = Directory.CreateDirectory(_dir.File(routing.Replace(':', '-'))).FullName;
        var result = await new WiredSimulation(Floor(), routing, seed: 5, new WiredOptions { Hours = 0.1, Speed = 30, Ring = TimeSpan.FromSeconds(30) })
            .RunAsync(WiredMiddleware.Attach(data, NullLoggerFactory.Instance));
        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = Path.Combine(data, "journal.db") });
        return (result, (await journal.ReadAfterAsync(0, 1_000_000)).Select(e => e.Envelope).ToList());
    }

    private static void AssertSane(SimulationTotals totals)
    {
        Assert.InRange(totals.Offered, 3, 100);
        Assert.Equal(totals.Offered, totals.Answered + totals.AbandonedCalls);
        Assert.True(totals.Answered > 0);
        Assert.InRange(totals.Asa, 0, 3600);
        Assert.InRange(totals.ServiceLevel, 0, 1);
        Assert.InRange(totals.AbandonRate, 0, 1);
        Assert.InRange(totals.Occupancy, 0.01, 1.5); // calls answered in the window count whole, so a little over 1 is possible
        Assert.Matches(@"^asa_s=\d+\.\d abandon_rate=0\.\d{4} service_level=[01]\.\d{4} fcr=[01]\.\d{4} occupancy=\d\.\d{4}$", totals.Line());
    }

    [Fact]
    public async Task Under_the_legacy_ACD_the_emulated_queue_serves_every_caller_itself_and_the_middleware_only_observes()
    {
        var (result, journal) = await RunAsync("legacy:rrmemory");

        AssertSane(result.Totals);
        Assert.Equal(0, result.Redirected);
        Assert.Equal(result.Totals.Answered, result.Connections);
        Assert.Contains(journal, e => e.Payload is CallQueued);
        Assert.DoesNotContain(journal, e => e.Payload is WriteBackCompleted);
        Assert.Contains(journal, e => e.Payload is WriteBackSkipped { Action: "Redirect" });
    }

    [Fact]
    public async Task With_hints_in_act_mode_the_pbx_executes_the_middlewares_redirects_to_the_agent_it_chose()
    {
        var (result, journal) = await RunAsync("hints");

        AssertSane(result.Totals);
        Assert.True(result.Redirected > 0, $"no connection came from a redirect ({result.Connections} connections)");
        var redirects = journal.Select(e => e.Payload).OfType<WriteBackRequested>().Where(r => r.Action == "Redirect").Select(r => r.RequestId).ToHashSet();
        var completed = journal.Select(e => e.Payload).OfType<WriteBackCompleted>().Where(c => c.Action == "Redirect").ToList();
        Assert.NotEmpty(completed);
        Assert.All(completed, c => Assert.Contains(c.RequestId, redirects));
        Assert.True(completed.Count >= result.Redirected, "every redirected connection followed a Redirect the PBX answered");
        Assert.Contains(journal, e => e.Payload is WriteBackCompleted { Action: "Setvar" });
    }

    public void Dispose() => _dir.Dispose();
}
