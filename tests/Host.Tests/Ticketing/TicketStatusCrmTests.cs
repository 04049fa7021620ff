using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.WriteBack;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Host.Tests.Crm;
using Middleware.SampleCrm;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Ticketing;

/// <summary>
/// End to end with the real sample CRM over HTTP: a hangup becomes a ticket, an agent resolves it in the CRM,
/// the poller publishes the change once on the ticket's call, and the SLA watcher drops its alarms, also
/// when the middleware restarts after the due time (the unresolved ticket next to it breaches, once).
/// </summary>
public sealed class TicketStatusCrmTests : SampleCrmRuntime
{
    private MiddlewareConfig Config(string journal)
    {
        var config = Config(journal, RefundTicketing);
        config.Crm[0].CacheTtl = TimeSpan.Zero;
        config.Crm[0].TicketStatus.PollInterval = TimeSpan.FromMilliseconds(200);
        return config;
    }

    /// <summary>The system clock, this far ahead: the middleware restarted after the tickets fell due.</summary>
    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }

    internal static async Task CallAsync(MiddlewareRuntime runtime, string callId, string caller)
    {
        var factory = new EventFactory(TimeProvider.System);
        var at = DateTimeOffset.UtcNow;
        EventEnvelope E(double s, CallCenterEvent p) => factory.Create("pbx", callId, p, at.AddSeconds(s));
        await runtime.Pipeline.PublishAsync(E(0, new CallStarted(caller, null, "400", CallDirection.Inbound)));
        await runtime.Pipeline.PublishAsync(E(5, new AgentConnected("PJSIP/1001", "Li Na", "support", 3, 2)));
        await runtime.Pipeline.PublishAsync(E(10, new TranscriptSegment(Speaker.Caller, "My refund is still not working.", 5, 9, 0.9, "en")));
        await runtime.Pipeline.PublishAsync(E(60, new CallEnded("normal-clearing", 16, 60, 55, HangupParty.Caller)));
    }

    internal static async Task<List<EventEnvelope>> JournaledAsync(IEventJournal journal) =>
        (await journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope).ToList();

    internal static async Task<string> TicketOfAsync(IEventJournal journal, string callId)
    {
        string? id = null;
        await Eventually.True(() => JournaledAsync(journal).Result.Any(e => e.CallId == callId && e.Payload is WriteBackCompleted { Action: "CreateTicket" } done
            && TicketResult.TryParse(done.Result, out id, out _, out _)), $"the ticket of {callId}", TimeSpan.FromMinutes(1));
        return id!;
    }

    [Fact]
    public async Task A_ticket_resolved_in_the_CRM_reaches_the_journal_once_and_never_breaches_while_the_open_one_does()
    {
        var journal = Dir.File("status.db");
        string resolved, open;
        await using (var first = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance))
        {
            await CallAsync(first, "pbx:resolved", "13900139001");
            await CallAsync(first, "pbx:open", "13700137002");
            resolved = await TicketOfAsync(first.Journal, "pbx:resolved");
            open = await TicketOfAsync(first.Journal, "pbx:open");
            await Eventually.True(() => first.SlaScheduler!.PendingAsync().Result == 4, "a warning and a breach waiting for each ticket", TimeSpan.FromMinutes(1));

            using var http = new HttpClient { BaseAddress = Crm.Address };
            http.DefaultRequestHeaders.Add("X-Crm-Key", SampleCrmServer.DefaultApiKey);
            using var patched = await http.PatchAsJsonAsync($"api/tickets/{resolved}", new { status = "resolved" });
            patched.EnsureSuccessStatusCode();

            await Eventually.True(() => JournaledAsync(first.Journal).Result.Any(e => e.Payload is TicketStatusChanged), "the status change journaled", TimeSpan.FromMinutes(1));
            await Eventually.True(() => first.SlaScheduler!.PendingAsync().Result == 2, "the resolved ticket's alarms dropped", TimeSpan.FromMinutes(1));
            var poller = first.Sources.Single(s => s.Protocol == "crm-poll");
            var polls = ((Adapters.Crm.StatusReadBack.TicketStatusPoller)poller).Polls;
            await Eventually.True(() => ((Adapters.Crm.StatusReadBack.TicketStatusPoller)poller).Polls >= polls + 3, "three more polls", TimeSpan.FromMinutes(1));
        }

        // Two hours later: both tickets are overdue; the start-up re-plan reads the resolved status back from the journal.
        await using (var second = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance, new AheadClock(TimeSpan.FromHours(2))))
        {
            await Eventually.True(() => Crm.Store.Notes().Any(n => n.Text.StartsWith("SLA breached", StringComparison.Ordinal)), "the open ticket's breach note", TimeSpan.FromMinutes(1));
        }

        var events = await ReadAsync(journal);
        var change = Assert.Single(events, e => e.Payload is TicketStatusChanged);
        Assert.Equal("pbx:resolved", change.CallId);
        Assert.Equal((resolved, "resolved", "open", "crm-poll", "sample-crm"), change.Payload is TicketStatusChanged s ? (s.TicketId, s.Status, s.PreviousStatus, s.Via, s.Crm) : default);
        Assert.Equal([open], events.Select(e => e.Payload).OfType<SlaBreached>().Select(b => b.TicketId));
        Assert.DoesNotContain(Crm.Store.Notes(), n => n.TicketId.ToString() == resolved && n.Text.StartsWith("SLA", StringComparison.Ordinal));
    }

    private static async Task<List<EventEnvelope>> ReadAsync(string journal)
    {
        await using var reader = await Core.Journal.SqliteJournal.OpenAsync(new Core.Journal.JournalOptions { Path = journal });
        return await JournaledAsync(reader);
    }
}
