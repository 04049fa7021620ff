using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Core.WriteBack;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Host.Tests.Crm;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Ticketing;

/// <summary>Hangups become tickets in the real sample CRM over HTTP: by the customer's tier, once, updated on a repeat call.</summary>
public sealed class HangupTicketCrmTests : SampleCrmRuntime
{
    // 张伟 Zhang Wei, gold tier in the sample CRM's seed.
    private const string GoldCaller = "+86 139 0013 9001";

    private MiddlewareConfig Config(string journal)
    {
        var config = Config(journal, """
            ticketing:
              crm_target: sample-crm
              categories:
                - name: refunds
                  department: finance
                  keywords: [refund]
              sla:
                - { category: refunds, tier: gold, within: 4h }
                - { category: refunds, tier: "*", within: 24h }
            """);
        config.Crm[0].CacheTtl = TimeSpan.Zero;
        return config;
    }

    private static async Task CallAsync(MiddlewareRuntime runtime, string callId, string caller, DateTimeOffset at, string said)
    {
        var factory = new EventFactory(TimeProvider.System);
        EventEnvelope E(double s, CallCenterEvent p) => factory.Create("pbx", callId, p, at.AddSeconds(s));
        await runtime.Pipeline.PublishAsync(E(0, new CallStarted(caller, null, "400", CallDirection.Inbound)));
        await runtime.Pipeline.PublishAsync(E(5, new AgentConnected("PJSIP/1001", "Li Na", "support", 3, 2)));
        await runtime.Pipeline.PublishAsync(E(10, new TranscriptSegment(Speaker.Caller, said, 5, 9, 0.9, "en")));
        await runtime.Pipeline.PublishAsync(E(60, new CallEnded("normal-clearing", 16, 60, 55, HangupParty.Caller)));
    }

    private List<SampleCrm.Data.Ticket> Refunds => Crm.Store.Tickets().Where(t => t.Category == "refunds").ToList();

    [Fact]
    public async Task An_unresolved_call_becomes_one_ticket_due_by_the_customers_tier_and_a_repeat_call_updates_it()
    {
        await using var runtime = await MiddlewareRuntime.StartAsync(Config(Dir.File("j.db")), NullLoggerFactory.Instance);
        var hangup = DateTimeOffset.UtcNow.AddSeconds(60);
        await CallAsync(runtime, "pbx:first", GoldCaller, hangup.AddSeconds(-60), "My refund is still not working.");
        await Eventually.True(() => Refunds.Count == 1, "the first call's ticket", TimeSpan.FromMinutes(1));

        var ticket = Refunds.Single();
        Assert.NotNull(ticket.CustomerId);
        Assert.Equal(hangup.AddHours(4), DateTimeOffset.Parse(ticket.SlaDueAt!)); // gold: 4 h, not the 24 h of the rest
        Assert.Contains("Caller: My refund is still not working", ticket.Description, StringComparison.Ordinal);
        Assert.Contains("Department: finance", ticket.Description, StringComparison.Ordinal);

        await CallAsync(runtime, "pbx:second", "13900139001", hangup.AddHours(1), "The refund is still not working, call me back.");
        await Eventually.True(() => Crm.Store.Notes().Any(n => n.TicketId == ticket.Id), "a note on the open ticket", TimeSpan.FromMinutes(1));
        Assert.Single(Refunds);
        Assert.Contains("Called again (pbx:second)", Crm.Store.Notes().Single(n => n.TicketId == ticket.Id).Text, StringComparison.Ordinal);
        // The gate counts an outcome before the pipeline has folded it into the call: wait for the call's own record of
        // the completion (before it, the record is the request, whose detail "ticket draft: …" also reads as a result).
        await Eventually.True(() => runtime.State.FindCall("pbx:second")?.Snapshot().WriteBacks is [{ Outcome: "completed" } only] && TicketResult.TryParse(only.Detail, out _, out _, out _),
            "the repeat call's ticket update recorded on the call", TimeSpan.FromMinutes(1));
        var results = runtime.State.FindCall("pbx:second")!.Snapshot().WriteBacks.Single();
        Assert.True(TicketResult.TryParse(results.Detail, out var id, out var updated, out _));
        Assert.Equal((ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), true), (id, updated));
    }

    [Fact]
    public async Task Hangups_during_a_crm_outage_and_a_restart_end_as_exactly_one_ticket_each()
    {
        var journal = Dir.File("outage.db");
        Crm.Faults.ErrorRate = 1;
        var first = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance);
        for (var i = 0; i < 5; i++)
        {
            await CallAsync(first, $"pbx:o{i}", $"1370000{i:0000}", DateTimeOffset.UtcNow, $"Refund number {i} is not resolved.");
        }

        await Eventually.True(() => Crm.Requests.Count >= 5, "the CRM refusing", TimeSpan.FromMinutes(1));
        await first.StopAsync(); // nothing acknowledged: the requests stay unfinished in the journal
        Assert.Empty(Refunds);

        Crm.Heal();
        await using var second = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance);
        await Eventually.True(() => Refunds.Count == 5 && second.Gate.Outcomes.Values.Sum() == 5, "every ticket after the restart", TimeSpan.FromMinutes(1));
        Assert.Equal(5, Refunds.Select(t => t.Phone).Distinct().Count());
    }
}
