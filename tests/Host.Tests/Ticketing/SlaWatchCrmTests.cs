using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Host.Tests.Crm;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Ticketing;

/// <summary>End to end with the real sample CRM over HTTP: an overdue ticket gets one SLA-breach note, also across a restart.</summary>
public sealed class SlaWatchCrmTests : SampleCrmRuntime
{
    private MiddlewareConfig Config(string journal) => Config(journal, RefundTicketing);

    [Fact]
    public async Task A_ticket_created_overdue_gets_one_breach_note_and_a_restart_does_not_repeat_it()
    {
        var journal = Dir.File("sla.db");
        var factory = new EventFactory(TimeProvider.System);
        var at = DateTimeOffset.UtcNow.AddHours(-2); // the hangup was 2 h ago (journal replay after an outage): due 1 h ago
        EventEnvelope E(double s, CallCenterEvent p) => factory.Create("pbx", "pbx:late", p, at.AddSeconds(s));

        var first = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance);
        await first.Pipeline.PublishAsync(E(0, new CallStarted("13900139001", null, "400", CallDirection.Inbound)));
        await first.Pipeline.PublishAsync(E(5, new AgentConnected("PJSIP/1001", "Li Na", "support", 3, 2)));
        await first.Pipeline.PublishAsync(E(10, new TranscriptSegment(Speaker.Caller, "My refund is still not working.", 5, 9, 0.9, "en")));
        await first.Pipeline.PublishAsync(E(60, new CallEnded("normal-clearing", 16, 60, 55, HangupParty.Caller)));
        List<SampleCrm.Data.Note> BreachNotes() => Crm.Store.Notes().Where(n => n.Text.StartsWith("SLA breached", StringComparison.Ordinal)).ToList();
        await Eventually.True(() => BreachNotes().Count == 1, "the breach note", TimeSpan.FromMinutes(1));
        await first.StopAsync();

        var second = await MiddlewareRuntime.StartAsync(Config(journal), NullLoggerFactory.Instance);
        await second.StopAsync(); // the start-up re-plan ran inside StartAsync; stopping drains what it asked for

        var ticket = Assert.Single(Crm.Store.Tickets(), t => t.Category == "refunds");
        var note = Assert.Single(BreachNotes());
        Assert.Equal(ticket.Id, note.TicketId);
        var journaled = new List<EventEnvelope>();
        await using var reader = await Core.Journal.SqliteJournal.OpenAsync(new Core.Journal.JournalOptions { Path = journal });
        foreach (var entry in await reader.ReadAfterAsync(0, 10_000))
        {
            journaled.Add(entry.Envelope);
        }

        Assert.Single(journaled, e => e.Payload is SlaBreached);
        Assert.DoesNotContain(journaled, e => e.Payload is SlaWarning);
    }
}
