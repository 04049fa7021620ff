using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.WriteBack;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Crm;

/// <summary>Tickets written through the gate to the sample CRM over HTTP: never lost, never doubled.</summary>
public sealed class CrmWriteBackTests : SampleCrmRuntime
{
    private static async Task DraftAsync(MiddlewareRuntime runtime, int from, int count)
    {
        var factory = new EventFactory(TimeProvider.System);
        for (var i = from; i < from + count; i++)
        {
            await runtime.Pipeline.PublishAsync(factory.Create("pbx", $"pbx:call-{i}", new TicketDraft($"Call back #{i}", "callback", "normal", $"abandoned, draft {i}", $"1390{i:0000000}", null)));
        }
    }

    private long Written => Crm.Store.Tickets().Count(t => t.Title.StartsWith("Call back #", StringComparison.Ordinal));

    [Fact]
    public async Task A_restart_in_the_middle_of_1000_ticket_writes_ends_with_exactly_1000_tickets()
    {
        var journal = Dir.File("restart.db");
        Crm.Faults.LatencyMs = 10;
        var first = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance);
        await DraftAsync(first, 0, 1000);
        await Eventually.True(() => Written >= 250, "a quarter of the tickets", TimeSpan.FromMinutes(2));
        await first.StopAsync();
        var afterStop = Written;
        Assert.InRange(afterStop, 250, 999); // stopped mid-way

        Crm.Faults.LatencyMs = 0;
        await using (var second = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance))
        {
            await Eventually.True(() => Written >= 1000 && second.Gate.Outcomes.Values.Sum() >= 1000 - afterStop, "the rest after the restart", TimeSpan.FromMinutes(2));
        }

        Assert.Equal(1000, Written);
        Assert.Equal(1000, Crm.Store.Tickets().Where(t => t.Title.StartsWith("Call back #", StringComparison.Ordinal)).Select(t => t.Title).Distinct().Count());
        await using var store = await SqliteJournal.OpenAsync(new JournalOptions { Path = journal });
        var completed = (await store.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope.Payload).OfType<WriteBackCompleted>().ToList();
        Assert.Equal(1000, completed.Select(c => c.RequestId).Distinct().Count());
        Assert.Equal(1000, completed.Count); // one outcome per request, none doubled across the restart
    }

    [Fact]
    public async Task A_crm_outage_is_waited_out_and_every_ticket_lands_once()
    {
        await using var runtime = await MiddlewareRuntime.StartAsync(Config(Dir.File("outage.db")), NullLoggerFactory.Instance);
        Crm.Faults.ErrorRate = 1; // every request fails: 503
        await DraftAsync(runtime, 5000, 100);
        await Eventually.True(() => Crm.Requests.Count >= 8, "enough failures to open the circuit", TimeSpan.FromMinutes(2));
        Assert.Equal(0, Written);
        // The outage is visible where an operator looks: readiness, metrics, the write-back API.
        (string Component, bool Healthy, string Detail) CrmHealth() => Assert.Single(runtime.Health(), h => h.Component == "write-back:sample-crm");
        await Eventually.True(() => !CrmHealth().Healthy, "the CRM target to show as failing", TimeSpan.FromMinutes(1));
        var crm = CrmHealth();
        Assert.Contains("100 pending", crm.Detail, StringComparison.Ordinal);
        Assert.Contains("last error", crm.Detail, StringComparison.Ordinal);
        var scrape = await ScrapeAsync(runtime);
        Assert.Contains("mw_write_back_pending{target=\"sample-crm\"} 100", scrape, StringComparison.Ordinal);
        Assert.Contains("mw_write_back_target_healthy{target=\"sample-crm\"} 0", scrape, StringComparison.Ordinal);

        Crm.Heal();
        await Eventually.True(() => Written == 100 && runtime.Gate.Outcomes.Values.Sum() == 100, "every ticket after the outage", TimeSpan.FromMinutes(2));

        Assert.Equal(100, runtime.Gate.Outcomes.Single(o => o.Key.Outcome == "completed").Value);
        Assert.True(CrmHealth().Healthy);
    }

    private static async Task<string> ScrapeAsync(MiddlewareRuntime runtime)
    {
        var metrics = new Middleware.Host.Http.Metrics.MiddlewareMetrics(runtime);
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    [Fact]
    public async Task In_observe_mode_no_ticket_reaches_the_crm()
    {
        var config = Config(Dir.File("observe.db"));
        config.WriteBack.Mode = WriteBackMode.Observe;
        await using var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        await DraftAsync(runtime, 9000, 5);
        await Eventually.True(() => runtime.Gate.Outcomes.Values.Sum() == 5, "the five to be decided", TimeSpan.FromMinutes(2));

        Assert.Equal(0, Written);
        Assert.Equal(0, Crm.Requests.Count);
        Assert.Equal(5, runtime.Gate.Outcomes.Single(o => o.Key.Outcome == "skipped").Value);
    }
}
